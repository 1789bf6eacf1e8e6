import type { Knex } from 'knex';

import { toIsoString, type LogEventType } from '../core';
import { LOG_EVENTS_TABLE, type LogEventRow } from '../db';

export { LOG_EVENT_TYPES, type LogEventType } from '../core';

export interface LogEventInput {
	readonly eventType: LogEventType;
	readonly entryNo?: number | null;
	readonly loggedSegmentEntryNo?: number | null;
	/** The entry's contact, so its history is still found after the entry is purged. */
	readonly contactNo?: string | null;
	/** Who did it: a user, or the workflow and execution ids. */
	readonly actor?: string | null;
	readonly reason?: string | null;
	readonly details?: Record<string, unknown> | null;
}

export interface LogEvent {
	readonly eventNo: number;
	readonly eventType: LogEventType;
	readonly entryNo: number | null;
	readonly loggedSegmentEntryNo: number | null;
	readonly occurredAt: string;
	readonly actor: string | null;
	readonly reason: string | null;
	readonly details: Record<string, unknown> | null;
}

export function toLogEvent(row: Omit<LogEventRow, 'contact_no'>): LogEvent {
	return {
		eventNo: Number(row.event_no),
		eventType: row.event_type,
		entryNo: row.entry_no === null ? null : Number(row.entry_no),
		loggedSegmentEntryNo:
			row.logged_segment_entry_no === null ? null : Number(row.logged_segment_entry_no),
		occurredAt: toIsoString(row.occurred_at),
		actor: row.actor,
		reason: row.reason,
		details: row.details,
	};
}

/**
 * Appends audit events in one statement, inside the caller's transaction, so an event exists
 * exactly when its change was committed.
 */
export async function appendLogEvents(
	trx: Knex.Transaction,
	events: readonly LogEventInput[],
): Promise<void> {
	if (events.length === 0) return;
	await trx(LOG_EVENTS_TABLE).insert(
		events.map((event) => ({
			event_type: event.eventType,
			entry_no: event.entryNo ?? null,
			logged_segment_entry_no: event.loggedSegmentEntryNo ?? null,
			contact_no: event.contactNo ?? null,
			actor: event.actor ?? null,
			reason: event.reason ?? null,
			details: event.details ? JSON.stringify(event.details) : null,
		})),
	);
}

/** The audit of one entry, oldest first. */
export async function listEntryEvents(db: Knex, entryNo: number): Promise<LogEvent[]> {
	const rows: LogEventRow[] = await db(LOG_EVENTS_TABLE)
		.where({ entry_no: entryNo })
		.orderBy('event_no');
	return rows.map(toLogEvent);
}
