// Reading what a workflow run did, from an execution fetched through the REST API.
import type { IDataObject } from 'n8n-workflow';

import type { Execution } from './rest';

/** The JSON of the items a node put out on its first output (last run of the node). */
export function nodeOutput(execution: Execution, nodeName: string): IDataObject[] {
	const runs = execution.data.resultData.runData[nodeName];
	const items = runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
	return items.map((item) => item.json);
}

/** Names of the nodes that ran, in the order they first ran. */
export function nodesThatRan(execution: Execution): string[] {
	return Object.keys(execution.data.resultData.runData);
}

/** The message of the error that stopped the run, if it failed. */
export function executionError(execution: Execution): string | undefined {
	const error = execution.data.resultData.error;
	if (!error) return execution.status === 'success' ? undefined : `status ${execution.status}`;
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' && description !== ''
		? `${error.message} (${description})`
		: error.message;
}
