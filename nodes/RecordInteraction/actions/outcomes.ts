import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { UnreadableInput, type RecordOutcome } from '../../../lib/record';
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
 * Reads every item's parameters and hands all of them to `record` in one call, one input per
 * item: an item whose parameters cannot be read (a broken expression) goes in as an
 * `UnreadableInput`, so the library decides its outcome by the same rules as any failing item.
 * The outcomes come back one per item, in order.
 */
export async function recordItems<Input>(
	context: IExecuteFunctions,
	readItem: (itemIndex: number) => Input,
	record: (inputs: (Input | UnreadableInput)[]) => Promise<ItemOutcome[]>,
): Promise<ItemOutcome[]> {
	const count = context.getInputData().length;
	const inputs: (Input | UnreadableInput)[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			inputs.push(readItem(itemIndex));
		} catch (error) {
			inputs.push(new UnreadableInput(error));
		}
	}
	try {
		return await record(inputs);
	} catch (error) {
		// Nothing item-specific failed: the database could not be read or written at all.
		return inputs.map(() => ({ status: 'failed', error }));
	}
}

/**
 * A recorded entry as output: whether it was recorded and was there already, then every field of
 * the entry. The two flags come first: spread into an object after the entry's 36 fields, they
 * cost ~9 µs an item (V8 leaves the object's fast shape), a tenth of Auto-Map's time per item.
 */
export function fromRecordOutcome(outcome: RecordOutcome): ItemOutcome {
	if (outcome.status !== 'recorded') return outcome;
	return {
		status: 'done',
		json: { recorded: true, duplicate: outcome.duplicate, ...outcome.entry },
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

/** Item indexes as short runs: "3, 7 to 12, 40". */
function describeItems(indexes: readonly number[]): string {
	const runs: string[] = [];
	for (let i = 0; i < indexes.length; i++) {
		let j = i;
		while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
		runs.push(i === j ? `${indexes[i]}` : `${indexes[i]} to ${indexes[j]}`);
		i = j;
	}
	const shown = runs.slice(0, 20).join(', ');
	return runs.length > 20 ? `${shown} and ${runs.length - 20} more runs` : shown;
}

/**
 * What the batch did, for the error that stops the node: how many items were recorded (they
 * stay) and which were not. Empty when nothing was recorded.
 */
function progressOf(outcomes: readonly ItemOutcome[]): string {
	const recorded = outcomes.filter((o) => o.status === 'done').length;
	if (recorded === 0) return '';
	const notRecorded = outcomes.flatMap((o, index) =>
		o.status === 'failed' || o.status === 'rolledBack' ? [index] : [],
	);
	return ` Recorded: ${recorded} of ${outcomes.length} items (they stay recorded; running again returns them as duplicates). Not recorded: item${notRecorded.length === 1 ? '' : 's'} ${describeItems(notRecorded)}.`;
}

/**
 * Output items paired to their inputs. Without continueOnFail the first failed item stops the
 * node with its error, which also says what the batch recorded and what not; with it, each failed
 * or rolled back item becomes an error item paired to its input.
 */
export function toOutputItems(
	context: IExecuteFunctions,
	outcomes: readonly ItemOutcome[],
): INodeExecutionData[] {
	if (!context.continueOnFail()) {
		const failedAt = outcomes.findIndex((o) => o.status === 'failed');
		if (failedAt >= 0) {
			const error = toNodeError(context.getNode(), (outcomes[failedAt] as Failed).error, failedAt);
			const progress = progressOf(outcomes);
			if (progress) error.description = `${error.description ?? ''}${progress}`.trim();
			throw error;
		}
	}
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (outcome.status === 'done') {
			const objects = Array.isArray(outcome.json) ? outcome.json : [outcome.json];
			for (const json of objects) output.push({ json, pairedItem });
		} else if (outcome.status === 'skipped') {
			const input = context.getInputData()[itemIndex].json;
			output.push({ json: { ...input, recorded: false, reason: outcome.reason }, pairedItem });
		} else if (outcome.status === 'failed') {
			const error = toNodeError(context.getNode(), outcome.error, itemIndex);
			output.push(errorItem(context, error, outcome.error, itemIndex));
		} else {
			const error = rolledBackError(context, itemIndex, outcome.causeIndex);
			output.push(errorItem(context, error, undefined, itemIndex, { rolledBack: true }));
		}
	});
	return output;
}
