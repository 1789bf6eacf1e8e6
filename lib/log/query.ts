import type { Knex } from 'knex';

import { readEntryNo } from './cancel-input';
import {
	appendAll,
	canceledError,
	MAX_PAGE_SIZE,
	notFoundError,
	throwIfStopped,
	validationError,
} from '../core';
import { listEntryEvents, type LogEvent } from './events';
import { readOptionalChoice } from '../core';
import { toLogEntry, type LogEntry } from './entries';
import { LOG_COMMENTS_TABLE, LOG_ENTRIES_TABLE, LOG_EVENTS_TABLE, type LogEntryRow } from '../db';
import {
	readLogEntryFilters,
	whereLogEntryFilters,
	type LogEntryFilterInput,
	type LogEntryFilters,
} from './query-filters';

/** The orders a log query can list in; newest first is the default. */
export const LOG_ORDERS = [
	'newest_first',
	'oldest_first',
	'entry_no_descending',
	'entry_no_ascending',
] as const;
export type LogOrder = (typeof LOG_ORDERS)[number];

/** Where the next page starts: the last entry of the page before (keyset, never an offset). */
export interface LogCursor {
	readonly entryNo: number;
	/**
	 * `occurred_at` in microseconds since 1970 (JavaScript dates would drop the last three digits);
	 * null: the entry's own, read by the page query itself.
	 */
	readonly occurredMicros: number | null;
}

export interface LogQuery {
	readonly filters: LogEntryFilters;
	readonly order: LogOrder;
	/** Continue after this entry in `order` (a page a workflow asked for); null from the start. */
	readonly afterEntryNo: number | null;
}

export interface LogQueryInput extends LogEntryFilterInput {
	readonly order?: unknown;
	/** Blank or 0: from the start. */
	readonly afterEntryNo?: unknown;
}

export interface LogPage {
	readonly entries: readonly LogEntry[];
	/** Null on the last page. */
	readonly next: LogCursor | null;
}

/** Rows per page when a call pages internally (Return All). */

export function readLogQuery(input: LogQueryInput, timeZone: string): LogQuery {
	return {
		filters: readLogEntryFilters(input, timeZone),
		order: readOptionalChoice('order', input.order, LOG_ORDERS) ?? 'newest_first',
		afterEntryNo:
			isBlank(input.afterEntryNo) || input.afterEntryNo === 0
				? null
				: readEntryNo('afterEntryNo', input.afterEntryNo),
	};
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Refuses to continue after an entry that is not in the log (date orders need its time). */
async function refuseMissingEntry(db: Knex, entryNo: number): Promise<void> {
	if (await db(LOG_ENTRIES_TABLE).where({ entry_no: entryNo }).first('entry_no')) return;
	throw notFoundError(
		'afterEntryNo',
		entryNo,
		`Interaction log entry ${entryNo} does not exist, so there is no place to continue after it`,
		'Give the number of the last entry of the page before, or leave After Entry No. empty.',
	);
}
const byDate = (order: LogOrder) => order === 'newest_first' || order === 'oldest_first';
const descending = (order: LogOrder) => order === 'newest_first' || order === 'entry_no_descending';

// The cursor's instant, exactly: epoch plus whole microseconds, or the cursor entry's own time
// (one index lookup inside the page query, so continuing after an entry costs no extra round trip).
const CURSOR_TIME = "timestamptz 'epoch' + ?::bigint * interval '1 microsecond'";
const CURSOR_ENTRY_TIME = `(select c.occurred_at from ${LOG_ENTRIES_TABLE} c where c.entry_no = ?)`;

/**
 * One page of log entries (docs/domain.md#s5-6) in `order`, after `after`: a keyset page on
 * (occurred_at, entry_no) or entry_no, served by the timeline indexes however deep it is.
 */
export async function findLogEntryPage(
	db: Knex,
	query: LogQuery,
	{ limit, after = null }: { readonly limit: number; readonly after?: LogCursor | null },
): Promise<LogPage> {
	const { order } = query;
	const direction = descending(order) ? 'desc' : 'asc';
	const comparison = direction === 'desc' ? '<' : '>';
	const select = whereLogEntryFilters(db(LOG_ENTRIES_TABLE), query.filters)
		.select('*', db.raw('(extract(epoch from occurred_at) * 1000000)::bigint as occurred_micros'))
		.limit(limit);
	if (byDate(order)) select.orderBy([{ column: 'occurred_at', order: direction }]);
	select.orderBy([{ column: 'entry_no', order: direction }]);
	if (after && byDate(order)) {
		const time = after.occurredMicros === null ? CURSOR_ENTRY_TIME : CURSOR_TIME;
		select.whereRaw(`(occurred_at, entry_no) ${comparison} (${time}, ?)`, [
			after.occurredMicros ?? after.entryNo,
			after.entryNo,
		]);
	} else if (after) {
		select.where('entry_no', comparison, after.entryNo);
	}
	const rows: (LogEntryRow & { occurred_micros: number })[] = await select;
	const last = rows.at(-1);
	return {
		entries: rows.map(toLogEntry),
		next:
			rows.length === limit && last
				? { entryNo: Number(last.entry_no), occurredMicros: Number(last.occurred_micros) }
				: null,
	};
}

/**
 * Log entries matching the filters (docs/domain.md#s5-6: postponed entries never, canceled ones as
 * asked), newest first unless told; up to `limit`, or all of them when `limit` is null, read a
 * keyset page at a time, starting after `afterEntryNo` when given (a workflow paging on its own).
 *
 * ### Examples
 * ```ts
 * const query = readLogQuery({ contactNo: 'CT100', includeCompanyPersons: true }, 'Europe/Berlin');
 * const latest = await listLogEntries(db, query, { limit: 50 });
 * ```
 */
export async function listLogEntries(
	db: Knex,
	query: LogQuery,
	{
		limit,
		signal,
	}: {
		readonly limit: number | null;
		/** A stopped execution: no page is read after it fired. */
		readonly signal?: AbortSignal;
	},
): Promise<LogEntry[]> {
	if (limit !== null && (!Number.isSafeInteger(limit) || limit < 1)) {
		throw validationError('limit', limit, `limit must be a whole number ≥ 1, got ${limit}`);
	}
	const entries: LogEntry[] = [];
	const stopped = () =>
		canceledError({
			progress: `no entries were returned (${entries.length.toLocaleString('en-US')} read)`,
			hint: 'Nothing was changed; run again to read the entries.',
		});
	let after: LogCursor | null =
		query.afterEntryNo === null ? null : { entryNo: query.afterEntryNo, occurredMicros: null };
	do {
		throwIfStopped(signal, stopped);
		const pageLimit: number =
			limit === null ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - entries.length);
		const page: LogPage = await findLogEntryPage(db, query, { limit: pageLimit, after });
		if (page.entries.length === 0 && entries.length === 0 && after && byDate(query.order)) {
			await refuseMissingEntry(db, after.entryNo);
		}
		appendAll(entries, page.entries);
		after = page.next;
	} while (after && (limit === null || entries.length < limit));
	return entries;
}

/** A comment line of an entry (docs/domain.md#s5-5). */
export interface LogComment {
	readonly lineNo: number;
	readonly date: string;
	readonly comment: string;
}

/** An entry with its comment lines and its audit, oldest event first. */
export interface LogEntryDetails extends LogEntry {
	readonly comments: readonly LogComment[];
	readonly events: readonly LogEvent[];
}

/**
 * One entry by number with its comment lines (docs/domain.md#s5-5) and audit events, postponed or
 * canceled alike. A purged entry is NOT_FOUND; the message says it was purged (the audit
 * survives the purge, docs/domain.md#s11).
 */
export async function getLogEntryDetails(db: Knex, entryNo: unknown): Promise<LogEntryDetails> {
	const no = readEntryNo('entryNo', entryNo);
	const row = await db(LOG_ENTRIES_TABLE).where({ entry_no: no }).first();
	if (!row) {
		const purged = await db(LOG_EVENTS_TABLE).where({ entry_no: no, event_type: 'purged' }).first();
		throw notFoundError(
			'entryNo',
			no,
			purged
				? `Interaction log entry ${no} was purged`
				: `Interaction log entry ${no} does not exist`,
			purged
				? 'Its audit events remain: Query Log → Get Many lists the entries still in the log.'
				: 'Check the entry number; Query Log → Get Many lists the entries.',
		);
	}
	const comments = await db(LOG_COMMENTS_TABLE).where({ entry_no: no }).orderBy('line_no');
	return {
		...toLogEntry(row),
		comments: comments.map((c) => ({
			lineNo: Number(c.line_no),
			date: c.comment_date,
			comment: c.comment,
		})),
		events: await listEntryEvents(db, no),
	};
}
