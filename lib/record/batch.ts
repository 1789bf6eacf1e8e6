import type { Knex } from 'knex';

import {
	BATCHING_MODES,
	endsTheBatch,
	InteractionLogError,
	runWriteBatch,
	validationError,
	type Batching,
	type WriteOutcome,
} from '../core';
import { describeDatabaseError, targetOf } from '../db';
import { toLogEntry, type LogEntry } from '../log';
import { writeEntries, type PreparedEntry } from './write';

export { itemError } from '../core';

/**
 * How the items of one execution are written, named as in n8n's Postgres node: `transaction`
 * (all or none) or `independently` (each item its own outcome).
 */
export const RECORD_BATCHING = BATCHING_MODES;
export type RecordBatching = Batching;

/**
 * What happened to one input item: `recorded` (with `duplicate` when the entry was there
 * already, from the same key or document), `skipped`, `failed` or `rolledBack` (see
 * `WriteOutcome`).
 */
export type RecordOutcome = WriteOutcome<{ readonly entry: LogEntry }>;

/** A batch after validation and lookups, before any write. */
export interface PreparedBatch {
	/** One per input item: its outcome when already decided (failed, skipped), else undefined. */
	readonly decided: readonly (RecordOutcome | undefined)[];
	/** The entries of the undecided items. */
	readonly entries: readonly PreparedEntry[];
	/**
	 * Writes the entries depend on, made in their transaction before them (e.g. contacts created
	 * from the items); returns the entries to write, completed by those writes (e.g. with the
	 * numbers the new contacts got). An error with `details.index` is that item's.
	 */
	readonly prepareWrite?: (
		trx: Knex.Transaction,
		entries: readonly PreparedEntry[],
	) => Promise<readonly PreparedEntry[]>;
}

/** Reads the batching mode; `transaction` when absent. */
export function readBatching(value: unknown): RecordBatching {
	if (value === undefined || value === null || value === '') return 'transaction';
	const mode = RECORD_BATCHING.find((m) => m === value);
	if (!mode) {
		throw validationError(
			'batching',
			value,
			`batching must be one of ${RECORD_BATCHING.join(', ')}`,
			'Use transaction (all items or none) or independently (each item on its own).',
		);
	}
	return mode;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The error of the items a fault left unwritten, worded once for all of them: where the
 * database was, what was recorded before the fault and what was not.
 */
function faultError(
	db: Knex,
	cause: unknown,
	outcomes: readonly RecordOutcome[],
	batching: RecordBatching,
) {
	const described = describeDatabaseError(cause);
	const recorded = outcomes.filter((o) => o.status === 'recorded').length;
	const notRecorded = outcomes.filter((o) => o.status === 'failed' && o.error === cause).length;
	const what =
		described.code === 'CONNECTION'
			? `The connection to ${targetOf(db)} was lost while recording`
			: described.message;
	const progress =
		batching === 'transaction' || recorded === 0
			? 'nothing was recorded'
			: `${count(recorded)} of ${count(outcomes.length)} items were recorded, ${count(notRecorded)} were not`;
	return new InteractionLogError(
		described.code,
		`${what}: ${progress}`,
		{
			hint: `Run again (Retry On Fail, or retry the execution): items already recorded come back as duplicates, never twice. ${described.details.hint ?? ''}`.trim(),
		},
		{ cause },
	);
}

/**
 * Writes a prepared batch in the chosen mode through the library's one batch runner
 * (`runWriteBatch`): in `transaction` mode one failing item leaves nothing written and every
 * other item `rolledBack`; in `independently` mode each item gets its own outcome and what was
 * committed before a fault stays. Items a fault (a lost connection, a canceled statement) left
 * unwritten share one error saying how many items were recorded before it.
 */
export async function runBatch(
	db: Knex,
	batch: PreparedBatch,
	batching: RecordBatching,
	signal?: AbortSignal,
): Promise<RecordOutcome[]> {
	const entryOf = new Map(batch.entries.map((entry) => [entry.index, entry]));
	const outcomes = await runWriteBatch(
		db,
		{
			decided: batch.decided,
			async write(trx, indexes) {
				const entries = indexes.map((index) => entryOf.get(index)!);
				const ready = batch.prepareWrite ? await batch.prepareWrite(trx, entries) : entries;
				const written = await writeEntries(trx, ready);
				return new Map(
					written.map((w) => [w.index, { duplicate: w.duplicate, entry: toLogEntry(w.row) }]),
				);
			},
			signal,
		},
		batching,
	);
	const fault = outcomes.find(
		(o): o is Extract<RecordOutcome, { status: 'failed' }> =>
			o.status === 'failed' && endsTheBatch(o.error),
	);
	if (!fault) return outcomes;
	const error = faultError(db, fault.error, outcomes, batching);
	return outcomes.map((o) =>
		o.status === 'failed' && o.error === fault.error ? { ...o, error } : o,
	);
}
