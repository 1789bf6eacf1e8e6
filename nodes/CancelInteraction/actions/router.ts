import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from '../../shared/operation';
import * as cancel from './cancel.operation';
import * as restore from './restore.operation';

const operations: Record<string, Operation> = { cancel, restore };

/** Dispatches to `<operation>.operation.ts`; the operation is fixed per node. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await runOperation(this, handler)];
}
