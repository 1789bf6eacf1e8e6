import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from '../../shared/operation';
import * as contactSummary from './contactSummary.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as statistics from './statistics.operation';

const operations: Record<string, Operation> = { contactSummary, get, getMany, statistics };

/** Dispatches to `<operation>.operation.ts`; the operation is fixed per node. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported by Query Log`,
		);
	}
	return [await runOperation(this, handler)];
}
