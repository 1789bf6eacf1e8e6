import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const INPUT_NODE_TYPE = 'test.input';

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Start node for test workflows (stands in for n8n-nodes-base's Manual Trigger + Set):
 * emits the objects of its `items` parameter, given as an array or a JSON string.
 */
export class TestInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameter',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0);
		const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
		const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
		if (!list.every(isObject)) {
			throw new NodeOperationError(this.getNode(), 'Parameter "items" must hold JSON objects');
		}
		return [list.map((json) => ({ json }))];
	}
}
