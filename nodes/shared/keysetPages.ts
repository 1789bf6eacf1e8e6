import { appendAll, MAX_PAGE_SIZE } from '../../lib/core';

/**
 * Reads up to `limit` rows (all when undefined) through a keyset-paged list function, page by
 * page: each call gets the key of the last row of the previous page. Stops at a short page.
 */
export async function readKeysetPages<Row>(
	limit: number | undefined,
	firstAfter: string | undefined,
	readPage: (pageSize: number, after: string | undefined) => Promise<Row[]>,
	keyOf: (row: Row) => string,
): Promise<Row[]> {
	const rows: Row[] = [];
	let after = firstAfter;
	for (;;) {
		const pageSize =
			limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - rows.length);
		if (pageSize <= 0) return rows;
		const page = await readPage(pageSize, after);
		appendAll(rows, page);
		if (page.length < pageSize) return rows;
		after = keyOf(page[page.length - 1]);
	}
}
