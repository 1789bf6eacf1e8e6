import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INPUT_NODE_TYPE, outputOf, runWorkflow } from '../harness';
import { mapItems } from '../../nodes/shared/items';

const OUTPUTS = 300_000;

/** A node of the package's shape: the shared per-item loop, one input item giving 300,000 items. */
class ManyOutputs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Many Outputs',
		name: 'manyOutputs',
		group: ['transform'],
		version: 1,
		description: 'Returns many items for each input item',
		defaults: { name: 'Many Outputs' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await mapItems(this, async () => Array.from({ length: OUTPUTS }, (_x, n) => ({ n })))];
	}
}

describe('outputs of any size', () => {
	it('pairs 300,000 output items of one input item through the engine without overflowing the stack', async () => {
		const run = await runWorkflow(
			{
				nodes: [
					{
						id: 'input',
						name: 'Input',
						type: INPUT_NODE_TYPE,
						typeVersion: 1,
						position: [0, 0],
						parameters: { items: JSON.stringify([{}]) },
					},
					{
						id: 'many',
						name: 'Many',
						type: 'test.manyOutputs',
						typeVersion: 1,
						position: [200, 0],
						parameters: {},
					},
				],
				connections: { Input: { main: [[{ node: 'Many', type: 'main', index: 0 }]] } },
			},
			{ nodeTypes: { 'test.manyOutputs': ManyOutputs } },
		);
		expect(run.data.resultData.error).toBeUndefined();
		const items = outputOf(run, 'Many');
		expect(items).toHaveLength(OUTPUTS);
		expect(items[OUTPUTS - 1]).toEqual({ json: { n: OUTPUTS - 1 }, pairedItem: { item: 0 } });
	});
});
