import { toIsoString } from '../core';
import type { LoggedSegmentRow } from '../db';

/**
 * A logged segment (docs/domain.md#s6-4) as nodes output it, whether recording or a cancel
 * returned it. `loggedSegmentEntryNo` is the number its entries carry in the same field and that
 * Cancel Interaction and the filters take.
 */
export interface LoggedSegment {
	readonly loggedSegmentEntryNo: number;
	readonly segmentNo: string;
	readonly description: string;
	readonly entryCount: number;
	readonly idempotencyKey: string | null;
	readonly canceled: boolean;
	readonly canceledAt: string | null;
	readonly canceledBy: string | null;
	readonly createdAt: string;
	readonly createdBy: string | null;
}

/** The one conversion of a logged segment row for output. */
export function toLoggedSegment(row: LoggedSegmentRow): LoggedSegment {
	return {
		loggedSegmentEntryNo: Number(row.entry_no),
		segmentNo: row.segment_no,
		description: row.description,
		entryCount: Number(row.entry_count),
		idempotencyKey: row.idempotency_key,
		canceled: row.canceled,
		canceledAt: row.canceled_at ? toIsoString(row.canceled_at) : null,
		canceledBy: row.canceled_by,
		createdAt: toIsoString(row.created_at),
		createdBy: row.created_by,
	};
}
