import { createHash } from 'node:crypto';

/**
 * Where a batch of items is being recorded, the same however often it is run again: the
 * workflow, the first execution of the run (a retried execution keeps the id of the one it
 * retries), the node and its run within that execution.
 */
export interface RetryScope {
	readonly workflowId: string;
	readonly firstExecutionId: string;
	readonly nodeName: string;
	readonly runIndex: number;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Idempotency keys for items given without one, so that running the same work again (Retry On
 * Fail, a retried execution, a redelivered queue job) finds the entries already written instead
 * of writing them twice. An item is known by its scope and its content (the input item's JSON),
 * with a count among identical items: the same items in another order get the same keys, two
 * identical items two keys. Keys look like `n8n:<first execution id>:<hash>`.
 *
 * Limits: an item whose content differs on the second run (an upstream node that produces new
 * values each time) is a new item; a new execution of the workflow is new work.
 */
export function deriveIdempotencyKeys(scope: RetryScope, items: readonly unknown[]): string[] {
	const prefix = `${scope.workflowId}\n${scope.firstExecutionId}\n${scope.nodeName}\n${scope.runIndex}`;
	const seen = new Map<string, number>();
	return items.map((item) => {
		const content = digest(JSON.stringify(item) ?? 'null');
		const occurrence = (seen.get(content) ?? 0) + 1;
		seen.set(content, occurrence);
		const execution = scope.firstExecutionId.slice(0, 40);
		return `n8n:${execution}:${digest(`${prefix}\n${content}\n${occurrence}`).slice(0, 43)}`;
	});
}
