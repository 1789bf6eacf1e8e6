import type { INodeExecutionData, IRun } from 'n8n-workflow';

export interface HarnessError {
	message: string;
	description?: string;
	node?: string;
	itemIndex?: number;
}

/** Items of main output 0 of the node's first run. */
export function outputOf(run: IRun, nodeName: string): INodeExecutionData[] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`Node "${nodeName}" did not run`);
	return task.data?.main[0] ?? [];
}

/** The error that stopped the execution, flattened for assertions; undefined when it succeeded. */
export function errorOf(run: IRun): HarnessError | undefined {
	const error = run.data.resultData.error;
	if (!error) return undefined;
	const itemIndex = error.context?.itemIndex;
	return {
		message: error.message,
		description: error.description ?? undefined,
		node: 'node' in error ? error.node?.name : undefined,
		itemIndex: typeof itemIndex === 'number' ? itemIndex : undefined,
	};
}
