import type { INode } from 'n8n-workflow';

import { Echo } from './harness/fixtures/echo.node';
import {
	closeHarness,
	errorOf,
	INPUT_NODE_TYPE,
	nodeTypesOf,
	outputOf,
	runWorkflow,
} from './harness';

const ECHO_TYPE = 'n8n-nodes-interaction-log.echo';
const nodeTypes = nodeTypesOf('n8n-nodes-interaction-log', [Echo]);
const credentials = { interactionLogDatabaseApi: { host: 'db.test' } };

function echoWorkflow(items: object[], echo: Partial<INode> = {}) {
	const nodes: INode[] = [
		{
			id: '1',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: '2',
			name: 'Echo',
			type: ECHO_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: { text: '={{ $json.name }} #{{ $itemIndex }}' },
			...echo,
		},
	];
	const connections = { Input: { main: [[{ node: 'Echo', type: 'main' as const, index: 0 }]] } };
	return { nodes, connections };
}

afterAll(closeHarness);

describe('workflow test harness', () => {
	it('evaluates expressions per item and keeps pairedItem', async () => {
		const run = await runWorkflow(echoWorkflow([{ name: 'a' }, { name: 'b' }]), {
			nodeTypes,
			credentials,
		});

		expect(errorOf(run)).toBeUndefined();
		const items = outputOf(run, 'Echo');
		expect(items.map(({ json, pairedItem }) => [json.text, pairedItem])).toEqual([
			['a #0', { item: 0 }],
			['b #1', { item: 1 }],
		]);
	});

	it('passes credential data and the workflow timezone to the node', async () => {
		const run = await runWorkflow(echoWorkflow([{ name: 'a' }]), {
			nodeTypes,
			credentials,
			timezone: 'Europe/Berlin',
		});

		expect(outputOf(run, 'Echo')[0].json).toMatchObject({
			host: 'db.test',
			timezone: 'Europe/Berlin',
		});
	});

	it('reports a node error with its item index', async () => {
		const run = await runWorkflow(echoWorkflow([{ name: 'a' }, { name: 'b', bad: true }]), {
			nodeTypes,
			credentials,
		});

		expect(errorOf(run)).toEqual({
			message: 'Item is flagged bad',
			description: 'The input item has bad=true',
			node: 'Echo',
			itemIndex: 1,
		});
	});

	it('turns the error into an item paired to its input under continueOnFail', async () => {
		const workflow = echoWorkflow([{ name: 'a' }, { name: 'b', bad: true }], {
			onError: 'continueRegularOutput',
		});
		const run = await runWorkflow(workflow, { nodeTypes, credentials });

		expect(errorOf(run)).toBeUndefined();
		expect(outputOf(run, 'Echo')).toEqual([
			expect.objectContaining({ pairedItem: { item: 0 } }),
			{ json: { error: 'Item is flagged bad' }, pairedItem: { item: 1 } },
		]);
	});
});
