import type { Knex } from 'knex';

import { LOG_ENTRIES_TABLE, type LoggedSegmentRow } from '../db';
import { toLogEntry, toLoggedSegment, type LogEntry, type LoggedSegment } from '../log';

// The logged segments of docs/domain.md#s6-4: what logging a segment leaves behind, one row per
// segment logged, its entries pointing back at it.

/** A logged segment as recording returns it. */
export interface LoggedSegmentResult extends LoggedSegment {
	/** true: logged before, found by its idempotency key; nothing was written now. */
	readonly duplicate: boolean;
}

export function toLoggedSegmentResult(
	row: LoggedSegmentRow,
	duplicate: boolean,
): LoggedSegmentResult {
	return { ...toLoggedSegment(row), duplicate };
}

/** The entries of a logged segment, by entry number (docs/domain.md#s6-4). */
export async function listLoggedSegmentEntries(
	db: Knex,
	loggedSegmentEntryNo: number,
): Promise<LogEntry[]> {
	const rows = await db(LOG_ENTRIES_TABLE)
		.where({ logged_segment_entry_no: loggedSegmentEntryNo })
		.orderBy('entry_no');
	return rows.map(toLogEntry);
}
