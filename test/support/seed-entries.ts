import type { Knex } from 'knex';

import { appendAll, inChunks } from '../../lib/core';
import type { LogEntryRow } from '../../lib/db';

/** Columns a test may set on a seeded entry; `occurred_at` as a Date or ISO text. */
export type SeedEntry = Partial<
	Omit<LogEntryRow, 'entry_no' | 'occurred_at' | 'recorded_at' | 'canceled_at'>
> & {
	readonly occurred_at?: Date | string;
	readonly canceled_at?: Date | string | null;
};

const DEFAULTS = {
	template_code: 'CALL',
	group_code: 'PHONE',
	description: 'Seeded interaction',
	occurred_at: '2026-11-02T10:00:00Z',
} as const;

/**
 * Writes entries straight into the table, set-based (one insert per 1,000), the way any writer
 * could: the rollup triggers must keep statistics exact whoever writes. Returns the entry numbers
 * in the order given. A canceled entry gets a cancel time unless one is given.
 */
export async function seedEntries(db: Knex, entries: readonly SeedEntry[]): Promise<number[]> {
	const rows = entries.map((entry) => ({
		...DEFAULTS,
		...entry,
		canceled_at: entry.canceled ? (entry.canceled_at ?? '2026-11-20T00:00:00Z') : null,
	}));
	const numbers: number[] = [];
	for (const chunk of inChunks(rows, 1000)) {
		const inserted: { entry_no: number }[] = await db('interaction_log_entries')
			.insert(chunk)
			.returning('entry_no');
		appendAll(
			numbers,
			inserted.map((row) => Number(row.entry_no)),
		);
	}
	return numbers;
}

/** Comment lines of an entry (docs/domain.md#s5-5). */
export async function seedComments(
	db: Knex,
	entryNo: number,
	comments: readonly string[],
): Promise<void> {
	await db('interaction_log_comments').insert(
		comments.map((comment, index) => ({
			entry_no: entryNo,
			line_no: (index + 1) * 10000,
			comment,
			comment_date: '2026-11-02',
		})),
	);
}
