import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow, type WorkflowJson } from '../harness';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { credentialOf, NODE_TYPES } from '../support/workflow';

const TRIGGERS = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.webhook'];

/** An example as n8n would import it, its trigger replaced by the harness's input node. */
function exampleWorkflow(file: string, triggerOutput: IDataObject = {}): WorkflowJson {
	const json = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8'),
	) as WorkflowJson;
	const nodes = json.nodes.map((node): INode =>
		TRIGGERS.includes(node.type)
			? {
					...node,
					type: INPUT_NODE_TYPE,
					typeVersion: 1,
					parameters: { items: JSON.stringify([triggerOutput]) },
				}
			: node,
	);
	return { nodes, connections: json.connections };
}

// Stand-ins for the two n8n-nodes-base nodes the webhook example answers with (the real ones run
// in the end-to-end test): the IF routes items with an error to its true output, as the
// example's condition does; Respond to Webhook outputs the status and body it would send.
class StubIf implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'If (stub)',
		name: 'if',
		group: ['transform'],
		version: [2, 2.2],
		description: 'Routes items with an error to output 0',
		defaults: { name: 'If' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			items.filter((i) => i.json.error !== undefined),
			items.filter((i) => i.json.error === undefined),
		];
	}
}

class StubRespond implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to Webhook (stub)',
		name: 'respondToWebhook',
		group: ['transform'],
		version: [1, 1.1],
		description: 'Outputs the response it would send',
		defaults: { name: 'Respond to Webhook' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Respond With', name: 'respondWith', type: 'string', default: 'json' },
			{ displayName: 'Response Body', name: 'responseBody', type: 'string', default: '' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Response Code', name: 'responseCode', type: 'number', default: 200 },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const body = JSON.parse(this.getNodeParameter('responseBody', 0) as string) as IDataObject;
		const { responseCode } = this.getNodeParameter('options', 0) as { responseCode: number };
		return [[{ json: { responseCode, body }, pairedItem: { item: 0 } }]];
	}
}

const EXAMPLE_NODE_TYPES = {
	...NODE_TYPES,
	'n8n-nodes-base.if': StubIf,
	'n8n-nodes-base.respondToWebhook': StubRespond,
};

const invoiceSent = (body: IDataObject) => ({
	body: {
		eventId: 'evt_1',
		invoiceNo: 'INV-1001',
		customerNo: 'C10000',
		customerName: 'Adatum Corporation',
		customerEmail: 'billing@adatum.example',
		sentAt: '2026-11-25T14:30:00',
		salesperson: '',
		...body,
	},
});

describe.each(BACKENDS)('%s: examples of recording', (backend) => {
	const t = useTestDatabase(backend);
	const run = async (workflow: WorkflowJson) => {
		const result = await runWorkflow(workflow, {
			nodeTypes: EXAMPLE_NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
			timezone: 'Europe/Berlin',
		});
		expect(errorOf(result)).toBeUndefined();
		return result;
	};
	beforeEach(async () => {
		await resetData(t.db);
		await run(exampleWorkflow('setup-configuration.json'));
	});

	it('invoice-sent-webhook.json records the invoice once, and creates an unknown customer', async () => {
		const first = await run(exampleWorkflow('invoice-sent-webhook.json', invoiceSent({})));
		const [entry] = outputOf(first, 'Record Invoice Sent');
		expect(entry.json).toMatchObject({
			recorded: true,
			duplicate: false,
			contactNo: 'CT100',
			templateCode: 'SINV',
			documentKind: 'sales_invoice',
			documentNo: 'INV-1001',
			description: 'Invoice INV-1001 sent',
			occurredAt: '2026-11-25T14:30:00.000+01:00',
			idempotencyKey: 'evt_1',
			recordedBy: 'billing webhook',
		});
		expect(outputOf(first, 'Respond OK')[0].json).toEqual({
			responseCode: 200,
			body: { recorded: true, duplicate: false, entryNo: entry.json.entryNo, contactNo: 'CT100' },
		});
		const redelivered = await run(exampleWorkflow('invoice-sent-webhook.json', invoiceSent({})));
		expect(outputOf(redelivered, 'Record Invoice Sent')[0].json).toMatchObject({
			duplicate: true,
			entryNo: entry.json.entryNo,
		});
		const newCustomer = invoiceSent({
			eventId: 'evt_2',
			invoiceNo: 'INV-1002',
			customerNo: 'C30000',
			customerName: 'Litware',
		});
		const created = await run(exampleWorkflow('invoice-sent-webhook.json', newCustomer));
		expect(outputOf(created, 'Record Invoice Sent')[0].json).toMatchObject({
			recorded: true,
			contactNo: 'CT000001',
		});
		expect(await t.db('contacts').where({ contact_no: 'CT000001' }).first()).toMatchObject({
			name: 'Litware',
			type: 'company',
		});
		expect(await t.db('interaction_log_entries').count<{ count: string }[]>('* as count')).toEqual([
			{ count: 2 },
		]);
	});

	it('invoice-sent-webhook.json answers an event without invoice number with 400 naming the field', async () => {
		const result = await run(
			exampleWorkflow(
				'invoice-sent-webhook.json',
				invoiceSent({ invoiceNo: undefined, eventId: 'evt_3' }),
			),
		);
		expect(outputOf(result, 'Respond Error')[0].json).toEqual({
			responseCode: 400,
			body: {
				recorded: false,
				error: 'documentNo is required: the document event names no document number',
				field: 'documentNo',
				hint: expect.stringContaining('Field: documentNo.'),
			},
		});
		expect(await t.db('interaction_log_entries').count<{ count: string }[]>('* as count')).toEqual([
			{ count: 0 },
		]);
	});

	it('log-segment.json logs the segment in one go, then a follow-up call; a re-run changes nothing', async () => {
		const lines = await t
			.db('segment_lines')
			.where({ segment_no: 'SEG-XMAS' })
			.orderBy('line_no')
			.pluck('contact_no');
		const result = await run(exampleWorkflow('log-segment.json'));
		const [logged] = outputOf(result, 'Log Segment');
		expect(logged.json).toMatchObject({
			segmentNo: 'SEG-XMAS',
			entryCount: lines.length,
			duplicate: false,
			createdBy: 'mailing team',
		});
		const entries = await t
			.db('interaction_log_entries')
			.where({ logged_segment_entry_no: Number(logged.json.loggedSegmentEntryNo) })
			.orderBy('entry_no');
		expect(entries.map((e) => [e.contact_no, e.template_code, e.segment_no])).toEqual(
			lines.map((no) => [no, 'LETTER', 'SEG-XMAS']),
		);
		expect(outputOf(result, 'Record Follow-up Call')[0].json).toMatchObject({
			contactNo: 'CT200',
			templateCode: 'OUTCALL',
			cost: 1.5,
			durationMin: 10,
			subject: `Logged segment ${logged.json.loggedSegmentEntryNo}`,
		});
		expect(await t.db('segments').where({ segment_no: 'SEG-XMAS' }).first()).toBeUndefined();

		const again = await run(exampleWorkflow('log-segment.json'));
		expect(outputOf(again, 'Log Segment')[0].json).toMatchObject({
			duplicate: true,
			loggedSegmentEntryNo: logged.json.loggedSegmentEntryNo,
		});
		expect(outputOf(again, 'Record Follow-up Call')[0].json.duplicate).toBe(true);
		expect(await t.db('interaction_log_entries').count<{ count: string }[]>('* as count')).toEqual([
			{ count: lines.length + 1 },
		]);
	});
});
