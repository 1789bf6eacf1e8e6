import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { deriveIdempotencyKeys, type RetryScope } from '../../../lib/record';

const FIRST_EXECUTION = 'interactionLogFirstExecutionId';

/**
 * Where this run of the node stands, the same when the work runs again. The id of the first
 * execution is kept in the node's context, which n8n saves with the execution and restores when
 * a failed execution is retried (the retry gets an id of its own); Retry On Fail runs in the same
 * execution, and a redelivered queue job keeps its execution id.
 */
export function retryScopeOf(context: IExecuteFunctions): RetryScope {
	const nodeContext = context.getContext('node');
	if (typeof nodeContext[FIRST_EXECUTION] !== 'string') {
		nodeContext[FIRST_EXECUTION] = context.getExecutionId() ?? randomUUID();
	}
	const { $runIndex } = context.getWorkflowDataProxy(0) as { $runIndex?: number };
	return {
		workflowId: String(context.getWorkflow().id ?? 'unsaved'),
		firstExecutionId: nodeContext[FIRST_EXECUTION] as string,
		nodeName: context.getNode().name,
		runIndex: typeof $runIndex === 'number' ? $runIndex : 0,
	};
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Gives every input without an idempotency key one derived from the run and the input item
 * (`deriveIdempotencyKeys`), so that running the same work again never records an item twice.
 */
export function withRetryKeys<Input extends { readonly idempotencyKey?: unknown }>(
	context: IExecuteFunctions,
): (input: Input, itemIndex: number) => Input {
	const items = context.getInputData().map((item) => item.json as IDataObject | null);
	const keys = deriveIdempotencyKeys(retryScopeOf(context), items);
	return (input, itemIndex) =>
		isBlank(input.idempotencyKey) ? { ...input, idempotencyKey: keys[itemIndex] } : input;
}
