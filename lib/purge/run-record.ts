import type { Knex } from 'knex';

import { LOG_EVENTS_TABLE } from '../db';
import type { PurgeFilters } from './filters';
import type { PurgeTally } from './tally';

// The audit record of a purge run is written first and brought up to date in the transaction of
// every batch: whatever stops the run (a crash, a kill, a lost connection), the record names every
// entry deleted, because no batch commits without it. A record still `running` when the next run
// starts belongs to a run that was interrupted: that run reports and closes it.

/** Where a run stands, in its audit record. */
export type PurgeRunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** The settings a run record repeats from the run. */
export interface PurgeRunSettings {
	readonly filters: PurgeFilters;
	readonly batchSize: number;
	readonly maxRows: number;
}

/** A run that stopped without closing its record, as the next run reports it. */
export interface InterruptedPurgeRun {
	/** Event number of its `purged` audit record. */
	readonly eventNo: number;
	readonly startedAt: string;
	/** Entries it deleted (every one named in its record). */
	readonly deleted: number;
	readonly batches: number;
}

export function runDetails(
	settings: PurgeRunSettings,
	tally: PurgeTally,
	status: PurgeRunStatus,
	extra: { remaining?: number | null; durationMs?: number; error?: string } = {},
) {
	return {
		status,
		filters: settings.filters,
		deleted: tally.deleted,
		byTemplate: tally.byTemplate(),
		remaining: extra.remaining ?? null,
		batches: tally.batches,
		batchSize: settings.batchSize,
		maxRows: settings.maxRows,
		durationMs: extra.durationMs ?? 0,
		entryNos: tally.entryNos(),
		...(extra.error === undefined ? {} : { error: extra.error }),
	};
}

/** Opens the run's record (committed at once) and returns its event number. */
export async function openRunRecord(
	db: Knex,
	note: { actor?: string | null; reason?: string | null },
	details: Record<string, unknown>,
): Promise<number> {
	const [row] = await db(LOG_EVENTS_TABLE)
		.insert({
			event_type: 'purged',
			actor: note.actor ?? null,
			reason: note.reason ?? null,
			details: JSON.stringify(details),
		})
		.returning('event_no');
	return Number((row as { event_no: number | string }).event_no);
}

/**
 * Brings the record up to date, in the caller's transaction (the batch's, or a last one). The
 * audit is otherwise append-only (its table type allows no update): a purge run's own record is
 * the one event rewritten, and only while its run is in progress, so that it is never behind the
 * deletions that committed.
 */
export async function updateRunRecord(
	db: Knex | Knex.Transaction,
	eventNo: number,
	details: Record<string, unknown>,
): Promise<void> {
	await db.raw(`update ${LOG_EVENTS_TABLE} set details = ?::jsonb where event_no = ?`, [
		JSON.stringify(details),
		eventNo,
	]);
}

/**
 * Closes the records of runs that never finished (status still `running`) as `interrupted`, and
 * returns them. Their counts and entry numbers stay as the last committed batch left them.
 */
export async function closeInterruptedRuns(db: Knex): Promise<InterruptedPurgeRun[]> {
	const { rows } = await db.raw<{
		rows: {
			event_no: string | number;
			occurred_at: Date;
			deleted: string | number | null;
			batches: string | number | null;
		}[];
	}>(
		`update ${LOG_EVENTS_TABLE}
		set details = jsonb_set(details, '{status}', '"interrupted"')
		where event_type = 'purged' and details->>'status' = 'running'
		returning event_no, occurred_at, details->>'deleted' as deleted, details->>'batches' as batches`,
	);
	return rows
		.map((row) => ({
			eventNo: Number(row.event_no),
			startedAt: new Date(row.occurred_at).toISOString(),
			deleted: Number(row.deleted ?? 0),
			batches: Number(row.batches ?? 0),
		}))
		.sort((a, b) => a.eventNo - b.eventNo);
}
