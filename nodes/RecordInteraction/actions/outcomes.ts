import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { RecordBatching, RecordOutcome } from '../../../lib/record';
import { toNodeError } from '../../shared/errors';
import { errorItem } from '../../shared/items';

/** What became of one input item, in the node's terms. */
export type ItemOutcome =
	| { readonly status: 'done'; readonly json: IDataObject | IDataObject[] }
	/** Not recorded on purpose: the input item passes through with `recorded: false` and why. */
	| { readonly status: 'skipped'; readonly reason: string }
	| { readonly status: 'failed'; readonly error: unknown }
	| { readonly status: 'rolledBack'; readonly causeIndex: number };

type Failed = Extract<ItemOutcome, { status: 'failed' }>;

/**
 * Reads every item's parameters, then hands the readable ones to `record` in one call. An item
 * whose parameters cannot be read (a broken expression) fails alone in Independently mode and
 * stops the batch in Transaction mode, before anything is written. `record` returns one outcome
 * per input it got; `rolledBack` indexes are mapped back to item indexes.
 */
export async function recordItems<Input>(
	context: IExecuteFunctions,
	batching: RecordBatching,
	readItem: (itemIndex: number) => Input,
	record: (inputs: Input[]) => Promise<ItemOutcome[]>,
): Promise<ItemOutcome[]> {
	const count = context.getInputData().length;
	const read: (Input | Failed)[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			read.push(readItem(itemIndex));
		} catch (error) {
			read.push({ status: 'failed', error });
		}
	}
	const isFailed = (value: Input | Failed): value is Failed =>
		typeof value === 'object' && value !== null && (value as Failed).status === 'failed';
	const firstFailed = read.findIndex(isFailed);
	if (firstFailed >= 0 && batching === 'transaction') {
		return read.map((value) =>
			isFailed(value) ? value : { status: 'rolledBack', causeIndex: firstFailed },
		);
	}
	const itemIndexes = read.flatMap((value, index) => (isFailed(value) ? [] : [index]));
	let outcomes: ItemOutcome[];
	try {
		outcomes = await record(read.filter((value): value is Input => !isFailed(value)));
	} catch (error) {
		// Nothing item-specific failed: the database could not be read or written at all.
		outcomes = itemIndexes.map(() => ({ status: 'failed', error }));
	}
	const byItem = new Map(itemIndexes.map((itemIndex, i) => [itemIndex, outcomes[i]]));
	return read.map((value, index) => {
		if (isFailed(value)) return value;
		const outcome = byItem.get(index)!;
		return outcome.status === 'rolledBack'
			? { status: 'rolledBack', causeIndex: itemIndexes[outcome.causeIndex] }
			: outcome;
	});
}

/** A recorded entry as output: every field of the entry, and whether it was there already. */
export function fromRecordOutcome(outcome: RecordOutcome): ItemOutcome {
	if (outcome.status !== 'recorded') return outcome;
	return {
		status: 'done',
		json: { ...outcome.entry, recorded: true, duplicate: outcome.duplicate },
	};
}

function rolledBackError(context: IExecuteFunctions, itemIndex: number, causeIndex: number) {
	return new NodeOperationError(
		context.getNode(),
		`Not recorded: item ${causeIndex} failed, and with Batching "Transaction" all items are recorded or none`,
		{
			itemIndex,
			description: `Fix item ${causeIndex}, or set Options → Batching to "Independently" to record the other items on their own.`,
		},
	);
}

/**
 * Output items paired to their inputs. Without continueOnFail the first failed item stops the
 * node with its error (in Transaction mode nothing was written); with it, each failed or rolled
 * back item becomes an error item paired to its input.
 */
export function toOutputItems(
	context: IExecuteFunctions,
	outcomes: readonly ItemOutcome[],
): INodeExecutionData[] {
	if (!context.continueOnFail()) {
		const failedAt = outcomes.findIndex((o) => o.status === 'failed');
		if (failedAt >= 0) {
			throw toNodeError(context.getNode(), (outcomes[failedAt] as Failed).error, failedAt);
		}
	}
	return outcomes.flatMap((outcome, itemIndex): INodeExecutionData[] => {
		const pairedItem = { item: itemIndex };
		if (outcome.status === 'done') {
			const objects = Array.isArray(outcome.json) ? outcome.json : [outcome.json];
			return objects.map((json) => ({ json, pairedItem }));
		}
		if (outcome.status === 'skipped') {
			const input = context.getInputData()[itemIndex].json;
			return [{ json: { ...input, recorded: false, reason: outcome.reason }, pairedItem }];
		}
		if (outcome.status === 'failed') {
			const error = toNodeError(context.getNode(), outcome.error, itemIndex);
			return [errorItem(context, error, outcome.error, itemIndex)];
		}
		const error = rolledBackError(context, itemIndex, outcome.causeIndex);
		return [errorItem(context, error, undefined, itemIndex, { rolledBack: true })];
	});
}
