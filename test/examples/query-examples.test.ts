import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow, type WorkflowJson } from '../harness';
import { pollTrigger } from '../harness/poll';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';
import { credentialOf, NODE_TYPES } from '../support/workflow';

const readExample = (file: string) =>
	JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8'),
	) as WorkflowJson & { nodes: INode[] };

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe.each(BACKENDS)('%s: examples of Query Log and Interaction Trigger', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	it('weekly-statistics.json counts the seven days before today by template', async () => {
		await seedEntries(t.db, [
			{ template_code: 'CALL', cost: 2, occurred_at: daysAgo(2) },
			{ template_code: 'CALL', cost: 3, occurred_at: daysAgo(3) },
			{ template_code: 'MEET', cost: 5, occurred_at: daysAgo(4) },
			{ template_code: 'CALL', cost: 100, occurred_at: daysAgo(10) },
			{ template_code: 'CALL', cost: 100, occurred_at: daysAgo(3), canceled: true },
		]);
		const example = readExample('weekly-statistics.json');
		// The schedule trigger becomes the harness's input node; the report line is n8n's own Set node.
		const [trigger, statistics] = example.nodes;
		const workflow: WorkflowJson = {
			nodes: [
				{ ...trigger, type: INPUT_NODE_TYPE, typeVersion: 1, parameters: { items: '[{}]' } },
				statistics,
			],
			connections: { [trigger.name]: example.connections[trigger.name] },
		};
		const run = await runWorkflow(workflow, {
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
		});
		expect(errorOf(run)).toBeUndefined();
		expect(outputOf(run, statistics.name).map((item) => item.json)).toEqual([
			expect.objectContaining({ templateCode: 'CALL', noOfInteractions: 2, cost: 5 }),
			expect.objectContaining({ templateCode: 'MEET', noOfInteractions: 1, cost: 5 }),
		]);
	});

	it('notify-on-inbound.json polls new entries carrying the fields its filter reads', async () => {
		const example = readExample('notify-on-inbound.json');
		const [trigger, filter] = example.nodes;
		const options = {
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
		};
		const first = await pollTrigger(trigger, options);
		expect(first.items).toBeNull();
		const [inbound] = await seedEntries(t.db, [
			{ information_flow: 'inbound', salesperson_code: 'JO', contact_no: 'CT1' },
			{ information_flow: 'outbound', salesperson_code: 'JO' },
		]);
		const next = await pollTrigger(trigger, { ...options, staticData: first.staticData });
		expect(next.items?.[0].json).toMatchObject({
			entryNo: inbound,
			informationFlow: 'inbound',
			salespersonCode: 'JO',
		});
		const read = JSON.stringify(filter.parameters).match(/\$json\.(\w+)/g);
		expect(read).toEqual(['$json.informationFlow', '$json.salespersonCode']);
	});
});
