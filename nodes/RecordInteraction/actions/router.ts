import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOperation, type BatchOperation } from '../../shared/operation';
import * as contact from './contact.operation';
import * as documentEvent from './documentEvent.operation';
import * as segment from './segment.operation';

/** The targets, by the value of the `target` parameter; each is its `<target>.operation.ts`. */
const targets: Record<string, BatchOperation> = { contact, segment, documentEvent };

/** Dispatches to the target's operation, which records every input item in one batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const target = this.getNodeParameter('target', 0) as string;
	const operation = targets[target];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The target "${target}" is not supported`);
	}
	return [await runOperation(this, operation)];
}
