import type { Knex } from 'knex';

import { InteractionLogError, isInteractionLogError, validationError } from '../core';
import { toLogEntry, type LogEntry } from '../log';
import { writeEntries, type PreparedEntry } from './write';

/**
 * How the items of one execution are written, named as in n8n's Postgres node: `transaction`
 * (all or none) or `independently` (each item its own outcome).
 */
export const RECORD_BATCHING = ['transaction', 'independently'] as const;
export type RecordBatching = (typeof RECORD_BATCHING)[number];

/** What happened to one input item. */
export type RecordOutcome =
	/** Written now, or (`duplicate`) found already written with the same key or document. */
	| { readonly status: 'recorded'; readonly entry: LogEntry; readonly duplicate: boolean }
	/** Deliberately not recorded, e.g. a document kind with no template set up. */
	| { readonly status: 'skipped'; readonly reason: string }
	/** This item's own problem. */
	| { readonly status: 'failed'; readonly error: unknown }
	/** Transaction mode: nothing was written because the item at `causeIndex` failed. */
	| { readonly status: 'rolledBack'; readonly causeIndex: number };

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

async function writeInTransaction(
	db: Knex,
	batch: PreparedBatch,
	entries: readonly PreparedEntry[],
): Promise<Map<number, RecordOutcome>> {
	const written = await db.transaction(async (trx) => {
		const ready = batch.prepareWrite ? await batch.prepareWrite(trx, entries) : entries;
		return await writeEntries(trx, ready);
	});
	return new Map(
		written.map((w) => [
			w.index,
			{ status: 'recorded', entry: toLogEntry(w.row), duplicate: w.duplicate } as const,
		]),
	);
}

function itemIndexOf(error: unknown): number | undefined {
	return isInteractionLogError(error) ? error.details.index : undefined;
}

function allRolledBack(count: number, causeIndex: number, cause: unknown): RecordOutcome[] {
	return Array.from({ length: count }, (_item, index) =>
		index === causeIndex
			? { status: 'failed', error: cause }
			: { status: 'rolledBack', causeIndex },
	);
}

/** Transaction mode: one transaction, and one failing item fails them all (nothing written). */
async function runAsOneTransaction(db: Knex, batch: PreparedBatch): Promise<RecordOutcome[]> {
	const count = batch.decided.length;
	const firstFailed = batch.decided.findIndex((o) => o?.status === 'failed');
	if (firstFailed >= 0) {
		return batch.decided.map((outcome) =>
			outcome?.status === 'failed' ? outcome : { status: 'rolledBack', causeIndex: firstFailed },
		);
	}
	try {
		const written = await writeInTransaction(db, batch, batch.entries);
		return batch.decided.map((outcome, index) => outcome ?? written.get(index)!);
	} catch (error) {
		const index = itemIndexOf(error);
		if (index !== undefined) return allRolledBack(count, index, error);
		// A failure no single item caused (connection lost, a statement refused as a whole).
		return batch.decided.map(() => ({ status: 'failed', error }));
	}
}

/**
 * Independently mode: the valid items are written together; if that write fails, each is
 * retried in its own transaction so that every item gets its own outcome.
 */
async function runIndependently(db: Knex, batch: PreparedBatch): Promise<RecordOutcome[]> {
	let written: Map<number, RecordOutcome>;
	try {
		written = await writeInTransaction(db, batch, batch.entries);
	} catch {
		written = new Map();
		for (const entry of batch.entries) {
			try {
				const [[, outcome]] = await writeInTransaction(db, batch, [entry]);
				written.set(entry.index, outcome);
			} catch (error) {
				written.set(entry.index, { status: 'failed', error });
			}
		}
	}
	return batch.decided.map((outcome, index) => outcome ?? written.get(index)!);
}

/**
 * Writes a prepared batch in the chosen mode. An item is reported recorded only when its
 * transaction committed: in `transaction` mode one failing item (in validation or in the
 * database) leaves nothing written and every other item `rolledBack`.
 */
export async function runBatch(
	db: Knex,
	batch: PreparedBatch,
	batching: RecordBatching,
): Promise<RecordOutcome[]> {
	if (batch.entries.length === 0 && batching === 'independently')
		return [...batch.decided.map((o) => o!)];
	return batching === 'transaction'
		? await runAsOneTransaction(db, batch)
		: await runIndependently(db, batch);
}

/** An item-level error, carrying the item's index for `runBatch`. */
export function itemError(index: number, error: InteractionLogError): InteractionLogError {
	return new InteractionLogError(
		error.code,
		error.message,
		{ ...error.details, index },
		{ cause: error },
	);
}
