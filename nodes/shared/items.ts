import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';

import { InteractionLogError } from '../../lib/core';
import { errorItemJson, toNodeError } from './errors';

/** An output item with more than JSON (binary files); its pairing is still set by the loop. */
export class FullItem {
	constructor(readonly item: { readonly json: IDataObject; readonly binary?: IBinaryKeyData }) {}
}

/** What an operation returns for one input item: one output item, several, or none. */
export type ItemResult = IDataObject | IDataObject[] | FullItem;

/**
 * Appends the output items of input item `itemIndex` to `output`. They share one pairedItem, which
 * n8n only reads: 8,000 statistics groups were 8,000 more objects for the collector.
 */
function appendPaired(output: INodeExecutionData[], result: ItemResult, itemIndex: number) {
	const pairedItem = { item: itemIndex };
	if (result instanceof FullItem) output.push({ ...result.item, pairedItem });
	else if (Array.isArray(result)) {
		for (let i = 0; i < result.length; i++) output.push({ json: result[i], pairedItem });
	} else output.push({ json: result, pairedItem });
}

/**
 * Runs `work` for every input item, the starter's loop in one place: outputs paired to their
 * input; with continueOnFail a failing item becomes an error item paired to it, otherwise the
 * error stops the node naming the item.
 */
export async function mapItems(
	context: IExecuteFunctions,
	work: (itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			appendPaired(output, await work(itemIndex), itemIndex);
		} catch (error) {
			output.push(failedItem(context, error, itemIndex));
		}
	}
	return output;
}

/** An error item for `itemIndex` under continueOnFail; otherwise throws the mapped error. */
export function failedItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	const nodeError = toNodeError(context.getNode(), error, itemIndex);
	if (!context.continueOnFail()) throw nodeError;
	return errorItem(context, nodeError, error, itemIndex);
}

/**
 * The item for a failed input item under continueOnFail. On the regular output it carries the
 * message, the description and the library's code and field. Under "Continue (using error output)"
 * n8n routes only items whose json is `{ error, message }` to the error output, where it adds the
 * input item's fields.
 */
export function errorItem(
	context: IExecuteFunctions,
	nodeError: NodeOperationError,
	cause: unknown,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	if (context.getNode().onError === 'continueErrorOutput') {
		const message = nodeError.description ?? nodeError.message;
		return { json: { error: nodeError.message, message }, pairedItem };
	}
	return { json: { ...errorItemJson(nodeError, cause), ...extra }, pairedItem };
}

/** Pairs results of a batch operation (one result per input item, same order). */
export function pairResults(results: readonly ItemResult[]): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	results.forEach((result, itemIndex) => appendPaired(output, result, itemIndex));
	return output;
}

/**
 * The fields of input item `itemIndex`; a worded VALIDATION error when the item has none (its
 * `json` is null or not an object, as a Code node can produce).
 */
export function inputJson(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const json = context.getInputData()[itemIndex]?.json as unknown;
	if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as IDataObject;
	throw new InteractionLogError(
		'VALIDATION',
		`Item ${itemIndex} has no fields: its json is ${json === null ? 'null' : Array.isArray(json) ? 'a list' : typeof json}`,
		{
			field: 'json',
			value: json,
			hint: 'Make the node before this one output one object per item (e.g. with an Edit Fields node).',
		},
	);
}
