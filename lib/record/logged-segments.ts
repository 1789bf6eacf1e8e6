import type { Knex } from 'knex';

import { toLogEntry, type LogEntry, type LogEntryRow } from '../log';
import { toIsoString } from '../core';

// The logged segments of docs/domain.md#s6-4: what logging a segment leaves behind, one row per
// segment logged, its entries pointing back at it.

export const LOGGED_SEGMENTS_TABLE = 'logged_segments';

/** A logged segment (docs/domain.md#s6-4) as recording returns it. */
export interface LoggedSegmentResult {
	readonly loggedSegmentEntryNo: number;
	readonly segmentNo: string;
	readonly description: string;
	readonly entryCount: number;
	readonly idempotencyKey: string | null;
	readonly canceled: boolean;
	readonly createdAt: string;
	readonly createdBy: string | null;
	/** true: logged before, found by its idempotency key; nothing was written now. */
	readonly duplicate: boolean;
}

export interface LoggedSegmentRow {
	entry_no: number;
	segment_no: string;
	description: string;
	entry_count: number;
	idempotency_key: string | null;
	canceled: boolean;
	created_at: Date;
	created_by: string | null;
}

/** The one conversion of a logged segment row for output. */
export function toLoggedSegmentResult(
	row: LoggedSegmentRow,
	duplicate: boolean,
): LoggedSegmentResult {
	return {
		loggedSegmentEntryNo: Number(row.entry_no),
		segmentNo: row.segment_no,
		description: row.description,
		entryCount: Number(row.entry_count),
		idempotencyKey: row.idempotency_key,
		canceled: row.canceled,
		createdAt: toIsoString(row.created_at),
		createdBy: row.created_by,
		duplicate,
	};
}

/** The entries of a logged segment, by entry number (docs/domain.md#s6-4). */
export async function listLoggedSegmentEntries(
	db: Knex,
	loggedSegmentEntryNo: number,
): Promise<LogEntry[]> {
	const rows: LogEntryRow[] = await db('interaction_log_entries')
		.where({ logged_segment_entry_no: loggedSegmentEntryNo })
		.orderBy('entry_no');
	return rows.map(toLogEntry);
}
