import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, IRun } from 'n8n-workflow';

import { errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow, type WorkflowJson } from '../harness';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { credentialOf, NODE_TYPES } from '../support/workflow';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'setup-configuration.json');

/** The example as n8n would import it, its Manual Trigger replaced by the harness's input node. */
function exampleWorkflow(): WorkflowJson {
	const json = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowJson;
	const nodes = json.nodes.map((node): INode =>
		node.type === 'n8n-nodes-base.manualTrigger'
			? { ...node, type: INPUT_NODE_TYPE, typeVersion: 1, parameters: { items: '[{}]' } }
			: node,
	);
	return { nodes, connections: json.connections };
}

describe.each(BACKENDS)('%s: examples/setup-configuration.json', (backend) => {
	const t = useTestDatabase(backend);
	beforeAll(async () => await resetData(t.db));

	const run = async (): Promise<IRun> =>
		await runWorkflow(exampleWorkflow(), {
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
		});

	it('uses only the manual trigger and nodes of this package', () => {
		const types = new Set(exampleWorkflow().nodes.map((node) => node.type));
		expect([...types].filter((type) => type !== INPUT_NODE_TYPE && !(type in NODE_TYPES))).toEqual(
			[],
		);
	});

	it('runs every node and sets up groups, templates, the setup, contacts and a segment', async () => {
		const result = await run();
		expect(errorOf(result)).toBeUndefined();
		const workflow = exampleWorkflow();
		expect(Object.keys(result.data.resultData.runData).sort()).toEqual(
			workflow.nodes.map((node) => node.name).sort(),
		);

		expect(await t.db('interaction_groups').orderBy('code').pluck('code')).toEqual([
			'LETTER',
			'MEETING',
			'PHONE',
			'SALES',
		]);
		expect(await t.db('interaction_templates').orderBy('code').pluck('code')).toEqual([
			'INCALL',
			'LETTER',
			'MEETING',
			'OUTCALL',
			'SINV',
			'SQUOTE',
		]);
		expect(
			await t
				.db('interaction_template_setup')
				.whereNotNull('template_code')
				.orderBy('document_kind')
				.select('document_kind', 'template_code'),
		).toEqual([
			{ document_kind: 'sales_invoice', template_code: 'SINV' },
			{ document_kind: 'sales_quote', template_code: 'SQUOTE' },
		]);
		expect(
			await t.db('contacts').orderBy('contact_no').select('contact_no', 'type', 'company_no'),
		).toEqual([
			{ contact_no: 'CT100', type: 'company', company_no: 'CT100' },
			{ contact_no: 'CT101', type: 'person', company_no: 'CT100' },
			{ contact_no: 'CT102', type: 'person', company_no: 'CT100' },
			{ contact_no: 'CT200', type: 'company', company_no: 'CT200' },
			{ contact_no: 'CT201', type: 'person', company_no: 'CT200' },
		]);
		expect(await t.db('contact_business_relations').orderBy('external_no').select('*')).toEqual([
			{ relation: 'customer', external_no: 'C10000', contact_no: 'CT100' },
			{ relation: 'customer', external_no: 'C20000', contact_no: 'CT200' },
		]);
		expect(
			await t
				.db('segments')
				.select('segment_no', 'description', 'template_code', 'group_code', 'interaction_date'),
		).toEqual([
			{
				segment_no: 'SEG-XMAS',
				description: 'Christmas letters 2026',
				template_code: 'LETTER',
				group_code: 'LETTER',
				interaction_date: '2026-12-15',
			},
		]);
		expect(await t.db('segment_lines').orderBy('line_no').select('line_no', 'contact_no')).toEqual([
			{ line_no: 1, contact_no: 'CT101' },
			{ line_no: 2, contact_no: 'CT102' },
			{ line_no: 3, contact_no: 'CT201' },
		]);
	});

	it('can run again: everything is upserted, the existing segment flows on as an error item', async () => {
		const result = await run();
		expect(errorOf(result)).toBeUndefined();
		expect(outputOf(result, 'Segment SEG-XMAS')[0].json).toMatchObject({
			error: 'Segment SEG-XMAS already exists',
		});
		expect(outputOf(result, 'Assign LETTER to segment')[0].json).toMatchObject({
			segmentNo: 'SEG-XMAS',
			lineCount: 3,
		});
		expect(await t.db('contacts').count('* as n').first()).toEqual({ n: 5 });
		expect(await t.db('segment_lines').count('* as n').first()).toEqual({ n: 3 });
	});
});
