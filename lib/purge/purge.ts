import type { Knex } from 'knex';

import { LOG_ENTRIES_TABLE } from '../db';
import { readAuditNote, type AuditNote } from '../log';
import { cancelableTransaction, isConnectionFailure, validationError } from '../core';
import { describeDatabaseError } from '../db';
import { readBoolean, readNonNegativeInteger } from '../core';
import {
	readPurgeFilters,
	wherePurgeable,
	type PurgeFilterInput,
	type PurgeFilters,
} from './filters';
import { deleteNextBatch } from './batch';
import {
	closeInterruptedRuns,
	openRunRecord,
	runDetails,
	updateRunRecord,
	type InterruptedPurgeRun,
} from './run-record';
import { PurgeTally } from './tally';

export { readPurgeFilters, wherePurgeable, type PurgeFilterInput, type PurgeFilters };

export const DEFAULT_PURGE_BATCH_SIZE = 5000;
export const DEFAULT_PURGE_MAX_ROWS = 1_000_000;

export interface PurgeInput {
	readonly filters?: PurgeFilterInput;
	/** Zone for filter times without an offset (the workflow's); UTC when not given. */
	readonly timeZone?: string;
	/** Canceled entries per delete statement (one short transaction each); default 5,000. */
	readonly batchSize?: unknown;
	/** At most this many entries per run; what is left is reported as `remaining`. */
	readonly maxRows?: unknown;
	/** Count what would go, delete nothing. */
	readonly dryRun?: unknown;
	readonly actor?: unknown;
	readonly reason?: unknown;
	/** Stops the run before its next batch and cancels the running one (a stopped execution). */
	readonly signal?: AbortSignal;
	/** Set by retention policies only (lib/privacy): see `includeActive`, `excludeTemplateCodes`. */
	readonly policy?: Pick<PurgeFilters, 'includeActive' | 'excludeTemplateCodes'>;
}

interface PurgeSummary {
	readonly filters: PurgeFilters;
	/** Entries per template code: of the dry run's `wouldDelete`, or of what was deleted. */
	readonly byTemplate: Readonly<Record<string, number>>;
	/**
	 * Matching canceled entries the cap left for the next run (0 when the run got through them
	 * all; entries canceled while it ran count from the next run on).
	 */
	readonly remaining: number;
	readonly batchSize: number;
	readonly maxRows: number;
	readonly durationMs: number;
}

export interface PurgeDryRunResult extends PurgeSummary {
	readonly dryRun: true;
	/** What a run would delete now: the first `maxRows` matching entries. */
	readonly wouldDelete: number;
}

export interface PurgeRunResult extends PurgeSummary {
	readonly dryRun: false;
	readonly deleted: number;
	/** Delete statements run (each in its own transaction). */
	readonly batches: number;
	/**
	 * Earlier runs found still `running` in the audit: stopped by a crash, a kill or a lost
	 * connection before they could close their record (absent when there were none). Their
	 * records are closed as `interrupted`; each names every entry its committed batches deleted.
	 */
	readonly interruptedRuns?: readonly InterruptedPurgeRun[];
}

export type PurgeResult = PurgeDryRunResult | PurgeRunResult;

interface PurgeSettings {
	readonly filters: PurgeFilters;
	readonly batchSize: number;
	readonly maxRows: number;
	readonly dryRun: boolean;
	readonly note: AuditNote;
}

function readAtLeastOne(field: string, value: unknown, fallback: number): number {
	const number = readNonNegativeInteger(field, value, fallback);
	if (number < 1) {
		throw validationError(
			field,
			value,
			`${field} must be at least 1, got ${number}`,
			'Give 1 or more.',
		);
	}
	return number;
}

function readSettings(input: PurgeInput): PurgeSettings {
	return {
		filters: { ...readPurgeFilters(input.filters ?? {}, input.timeZone), ...input.policy },
		batchSize: readAtLeastOne('batchSize', input.batchSize, DEFAULT_PURGE_BATCH_SIZE),
		maxRows: readAtLeastOne('maxRows', input.maxRows, DEFAULT_PURGE_MAX_ROWS),
		dryRun: readBoolean('dryRun', input.dryRun),
		note: readAuditNote(input),
	};
}

function toCounts(rows: readonly { template_code: string; n: number | string }[]) {
	return Object.fromEntries(rows.map((row) => [row.template_code, Number(row.n)]));
}

async function countMatching(db: Knex, filters: PurgeFilters, after = 0): Promise<number> {
	const [row] = await wherePurgeable(db(LOG_ENTRIES_TABLE), filters)
		.where('entry_no', '>', after)
		.count({ n: '*' });
	return Number(row.n);
}

/**
 * Counts as the delete would: the first `maxRows` matching entries, by entry number. Both counts
 * read one snapshot, so they agree with each other whatever is written meanwhile.
 */
async function dryRun(db: Knex, settings: PurgeSettings) {
	const { filters, maxRows } = settings;
	return await db.transaction(
		async (trx) => {
			const matched = await countMatching(trx, filters);
			const firstRows = wherePurgeable(trx(LOG_ENTRIES_TABLE), filters)
				.orderBy('entry_no')
				.limit(maxRows)
				.select('template_code');
			const rows = await trx
				.from(firstRows.as('p'))
				.select('template_code')
				.count({ n: '*' })
				.groupBy('template_code')
				.orderBy('template_code');
			const wouldDelete = Math.min(matched, maxRows);
			return { wouldDelete, byTemplate: toCounts(rows), remaining: matched - wouldDelete };
		},
		{ isolationLevel: 'repeatable read', readOnly: true },
	);
}

/**
 * Deletes window after window until the matching entries or the cap run out, each batch in one
 * transaction with the update of the run's audit record, so the record accounts for every entry
 * whose deletion committed. Returns where a capped run stopped: every matching entry up to
 * `after` is gone, so what remains lies above it. `tally` holds what committed.
 */
async function deleteInWindows(
	db: Knex,
	settings: PurgeSettings,
	run: { readonly eventNo: number; readonly signal?: AbortSignal; tally: PurgeTally },
): Promise<{ capped: boolean; after: number }> {
	const { filters, batchSize, maxRows } = settings;
	let after = (filters.entryNoFrom ?? 1) - 1;
	for (;;) {
		if (run.tally.deleted >= maxRows) return { capped: true, after };
		const capLeft = maxRows - run.tally.deleted;
		const limit = capLeft < batchSize ? capLeft : null;
		const before = run.tally.deleted;
		const { batch, tally } = await cancelableTransaction(db, run.signal, async (trx) => {
			const deleted = await deleteNextBatch(trx, filters, {
				after,
				upTo: filters.entryNoTo,
				size: batchSize,
				limit,
			});
			const next = run.tally.clone();
			if (deleted.ranges.length > 0) {
				next.addBatch(deleted.byTemplate, deleted.ranges);
				await updateRunRecord(trx, run.eventNo, runDetails(settings, next, 'running'));
			}
			return { batch: deleted, tally: next };
		});
		run.tally = tally;
		if (batch.windowCount === 0 || batch.windowLast === null) return { capped: false, after };
		if (limit !== null && run.tally.deleted - before >= limit) return { capped: true, after };
		if (batch.windowCount < batchSize) return { capped: false, after: batch.windowLast };
		after = batch.windowLast;
	}
}

/**
 * Deletes canceled interaction log entries (docs/domain.md#s11, report 5190 "Delete Interaction Log
 * Entries"): never an entry that is not canceled, whatever the filters (`wherePurgeable`). Runs in
 * batches of `batchSize` canceled entries, each its own short transaction so that concurrent
 * logging waits at most one batch, and stops after `maxRows`, reporting what remains. Each run
 * writes one 'purged' audit event (filters, counts by template, the entry numbers as ranges, who,
 * when), which survives the purge. A dry run counts with the same predicate and writes nothing.
 *
 * @example
 * await purgeCanceled(db, {
 * 	filters: { canceledBefore: DateTime.now().minus({ days: 90 }).toISO() },
 * 	actor: 'nightly cleanup',
 * });
 */
export async function purgeCanceled(db: Knex, input: PurgeInput): Promise<PurgeResult> {
	const startedAt = Date.now();
	const settings = readSettings(input);
	const { filters, batchSize, maxRows } = settings;
	if (settings.dryRun) {
		const counts = await dryRun(db, settings);
		const durationMs = Date.now() - startedAt;
		return { dryRun: true, filters, batchSize, maxRows, durationMs, ...counts };
	}
	const interruptedRuns = await closeInterruptedRuns(db);
	const run = {
		eventNo: await openRunRecord(
			db,
			settings.note,
			runDetails(settings, new PurgeTally(), 'running'),
		),
		tally: new PurgeTally(),
		signal: input.signal,
	};
	let failure: unknown;
	let remaining: number | null = null;
	try {
		const stop = await deleteInWindows(db, settings, run);
		// Counted from where the cap stopped the run: the range below holds only dead index entries.
		remaining = stop.capped ? await countMatching(db, filters, stop.after) : 0;
	} catch (error) {
		failure = error ?? new Error('purge failed');
	}
	const durationMs = Date.now() - startedAt;
	const { tally } = run;
	const { deleted, batches } = tally;
	const byTemplate = tally.byTemplate();
	const closeRecord = () =>
		updateRunRecord(
			db,
			run.eventNo,
			runDetails(settings, tally, failure === undefined ? 'completed' : 'failed', {
				remaining,
				durationMs,
				...(failure === undefined ? {} : { error: describeDatabaseError(failure).message }),
			}),
		);
	// A lost connection often took the pool's idle ones with it: the pool hands one of those out
	// once, so a connection failure is tried once more. If the update fails again, the record
	// stays `running` with every committed batch in it, and the next run reports it as interrupted.
	await closeRecord()
		.catch(async (error: unknown) => {
			if (!isConnectionFailure(error)) throw error;
			await closeRecord();
		})
		.catch((error: unknown) => {
			failure ??= error;
		});
	if (failure !== undefined) throw failure;
	return {
		dryRun: false,
		filters,
		deleted,
		byTemplate,
		remaining: remaining ?? 0,
		batches,
		batchSize,
		maxRows,
		durationMs,
		...(interruptedRuns.length > 0 ? { interruptedRuns } : {}),
	};
}
