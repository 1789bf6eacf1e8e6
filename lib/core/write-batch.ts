import type { Knex } from 'knex';

import { cancelableTransaction } from './cancelable';
import { endsTheBatch } from './failures';
import { InteractionLogError, isInteractionLogError } from './errors';

/**
 * How the items of one call are written, named as in n8n's Postgres node: `transaction` (all or
 * none) or `independently` (each item its own outcome).
 */
export const BATCHING_MODES = ['transaction', 'independently'] as const;
export type Batching = (typeof BATCHING_MODES)[number];

/**
 * What happened to one input item of a set-based write; `Written` is what a written item carries
 * (an entry, a contact number).
 */
export type WriteOutcome<Written> =
	/** Written now, or (`duplicate`) found already written by an earlier run of the same work. */
	| ({ readonly status: 'recorded'; readonly duplicate: boolean } & Written)
	/** Deliberately not written, e.g. a document kind with no template set up. */
	| { readonly status: 'skipped'; readonly reason: string }
	/** This item's own problem, or the connection's when the write could not finish. */
	| { readonly status: 'failed'; readonly error: unknown }
	/** Transaction mode: nothing was written because the item at `causeIndex` failed. */
	| { readonly status: 'rolledBack'; readonly causeIndex: number };

/** What a written item gives back: whether it was there already, and its own fields. */
export type Written<W> = { readonly duplicate: boolean } & W;

/**
 * A set-based write, prepared: each item's outcome when already decided (failed validation,
 * skipped), and a `write` that writes the given items in the caller's transaction and returns
 * what each gave. An `InteractionLogError` with `details.index` thrown by `write` is that item's
 * (`ItemFailures` names several at once); any other error is the statement's.
 */
export interface WritePlan<W> {
	readonly decided: readonly (WriteOutcome<W> | undefined)[];
	write(
		trx: Knex.Transaction,
		indexes: readonly number[],
	): Promise<ReadonlyMap<number, Written<W>>>;
	/** Items per transaction in Independently mode (each committed on its own); default 1,000. */
	readonly itemsPerTransaction?: number;
	/** Stops the batch: no transaction starts after it fires, and the running one is canceled. */
	readonly signal?: AbortSignal;
}

/**
 * An input the caller could not read (e.g. a node parameter whose expression failed): it is
 * passed in its place so the batch gives it its own failed outcome, and in Transaction mode rolls
 * the other items back, by the same rule as any other failing item.
 */
export class UnreadableInput {
	constructor(readonly error: unknown) {}
}

/** Several items of one `write` failed on their own; the others can be written without them. */
export class ItemFailures extends Error {
	constructor(readonly failures: ReadonlyMap<number, unknown>) {
		super(`${failures.size} item(s) failed`);
		this.name = 'ItemFailures';
	}
}

/** The item failures a `write` error names: by `ItemFailures`, or one by `details.index`. */
function itemFailuresOf(error: unknown): ReadonlyMap<number, unknown> | undefined {
	if (error instanceof ItemFailures) return error.failures;
	if (isInteractionLogError(error) && error.details.index !== undefined) {
		return new Map([[error.details.index, error]]);
	}
	return undefined;
}

/** The same error, naming item `index` of the batch (for the runner and the node). */
export function itemError(index: number, error: InteractionLogError): InteractionLogError {
	return new InteractionLogError(
		error.code,
		error.message,
		{ ...error.details, index },
		{ cause: error },
	);
}

const DEFAULT_ITEMS_PER_TRANSACTION = 1000;

function recorded<W>(written: Written<W>): WriteOutcome<W> {
	return { status: 'recorded', ...written } as WriteOutcome<W>;
}

async function writeInTransaction<W>(db: Knex, plan: WritePlan<W>, indexes: readonly number[]) {
	return await cancelableTransaction(
		db,
		plan.signal,
		async (trx) => await plan.write(trx, indexes),
	);
}

/** Thrown inside a probe's savepoint to roll it back after a successful write. */
class ProbeRollback extends Error {}

/**
 * Finds the item that makes a whole-statement failure happen: the shortest failing prefix of the
 * items, by halving, each attempt in a savepoint that is rolled back (later items may depend on
 * earlier ones, e.g. a contact created for an earlier item). Nothing stays written. Used when the
 * database refused a statement without saying which row.
 */
async function findCulprit<W>(
	db: Knex,
	plan: WritePlan<W>,
	indexes: readonly number[],
): Promise<{ index: number; error: unknown } | undefined> {
	return await db.transaction(async (trx) => {
		const failureOf = async (count: number): Promise<unknown> => {
			try {
				await trx.transaction(async (savepoint) => {
					await plan.write(savepoint, indexes.slice(0, count));
					throw new ProbeRollback();
				});
			} catch (error) {
				if (error instanceof ProbeRollback) return undefined;
				if (endsTheBatch(error)) throw error;
				return error ?? new Error('write failed');
			}
			return undefined;
		};
		let error = await failureOf(indexes.length);
		if (error === undefined) return undefined;
		let low = 1;
		let high = indexes.length;
		while (low < high) {
			const middle = Math.floor((low + high) / 2);
			const failure = await failureOf(middle);
			if (failure === undefined) low = middle + 1;
			else {
				high = middle;
				error = failure;
			}
		}
		const failures = itemFailuresOf(error);
		return { index: indexes[high - 1], error: failures?.get(indexes[high - 1]) ?? error };
	});
}

/** Transaction mode: one transaction, and one failing item fails them all (nothing written). */
async function runAsOneTransaction<W>(db: Knex, plan: WritePlan<W>): Promise<WriteOutcome<W>[]> {
	const { decided } = plan;
	const firstFailed = decided.findIndex((o) => o?.status === 'failed');
	if (firstFailed >= 0) {
		return decided.map((outcome) =>
			outcome?.status === 'failed' ? outcome : { status: 'rolledBack', causeIndex: firstFailed },
		);
	}
	const pending = decided.flatMap((outcome, index) => (outcome === undefined ? [index] : []));
	const rolledBackBy = (causeIndex: number, cause: unknown) =>
		decided.map((outcome, index): WriteOutcome<W> => {
			if (index === causeIndex) return { status: 'failed', error: cause };
			return outcome?.status === 'failed' ? outcome : { status: 'rolledBack', causeIndex };
		});
	try {
		const written = pending.length > 0 ? await writeInTransaction(db, plan, pending) : new Map();
		return decided.map((outcome, index) => outcome ?? recorded(written.get(index)!));
	} catch (error) {
		const failures = itemFailuresOf(error);
		if (failures) {
			const [[index, cause]] = [...failures].sort(([a], [b]) => a - b);
			return rolledBackBy(index, cause);
		}
		if (!endsTheBatch(error)) {
			const culprit = await findCulprit(db, plan, pending).catch(() => undefined);
			if (culprit) return rolledBackBy(culprit.index, culprit.error);
		}
		// Nothing a single item caused (the connection, a statement refused as a whole).
		return decided.map((outcome) => outcome ?? { status: 'failed', error });
	}
}

/**
 * Independently mode: the pending items are written in transactions of `itemsPerTransaction`,
 * each committed on its own so a fault keeps what was done. A transaction that fails because of
 * items it names is written again without them; one that fails as a whole is halved until the
 * culprits stand alone (a few statements per bad item, not one per item). When the connection
 * fails, every item not yet written fails with that error at once: retrying them one by one
 * against a database that is gone would only take longer.
 */
async function runIndependently<W>(db: Knex, plan: WritePlan<W>): Promise<WriteOutcome<W>[]> {
	const outcomes: (WriteOutcome<W> | undefined)[] = [...plan.decided];
	const pending = outcomes.flatMap((outcome, index) => (outcome === undefined ? [index] : []));
	const size = plan.itemsPerTransaction ?? DEFAULT_ITEMS_PER_TRANSACTION;
	let batchEnder: unknown;
	const writePart = async (part: readonly number[]): Promise<void> => {
		let remaining = part;
		while (remaining.length > 0 && batchEnder === undefined) {
			try {
				const written = await writeInTransaction(db, plan, remaining);
				for (const index of remaining) outcomes[index] = recorded(written.get(index)!);
				return;
			} catch (error) {
				if (endsTheBatch(error)) {
					batchEnder = error;
					return;
				}
				const failures = itemFailuresOf(error);
				if (failures) {
					for (const [index, cause] of failures)
						outcomes[index] = { status: 'failed', error: cause };
					remaining = remaining.filter((index) => !failures.has(index));
					continue;
				}
				if (remaining.length === 1) {
					outcomes[remaining[0]] = { status: 'failed', error };
					return;
				}
				const half = Math.ceil(remaining.length / 2);
				await writePart(remaining.slice(0, half));
				await writePart(remaining.slice(half));
				return;
			}
		}
	};
	for (let at = 0; at < pending.length && batchEnder === undefined; at += size) {
		await writePart(pending.slice(at, at + size));
	}
	return outcomes.map((outcome) => outcome ?? { status: 'failed', error: batchEnder });
}

/**
 * Writes a prepared batch in the chosen mode: the one runner of the library's set-based writes
 * (entries, contacts). An item is reported recorded only once its transaction committed; in
 * `transaction` mode one failing item (in validation or in the database) leaves nothing written,
 * names that item and marks every other one `rolledBack`.
 */
export async function runWriteBatch<W>(
	db: Knex,
	plan: WritePlan<W>,
	batching: Batching,
): Promise<WriteOutcome<W>[]> {
	return batching === 'transaction'
		? await runAsOneTransaction(db, plan)
		: await runIndependently(db, plan);
}

/** How a batch ended, for the message of a node that stops on its first failed item. */
export function summarizeOutcomes(outcomes: readonly WriteOutcome<unknown>[]) {
	const notWritten: number[] = [];
	let written = 0;
	outcomes.forEach((outcome, index) => {
		if (outcome.status === 'recorded') written += 1;
		else if (outcome.status !== 'skipped') notWritten.push(index);
	});
	return { written, notWritten, total: outcomes.length };
}
