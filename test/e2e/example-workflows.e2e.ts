import packageJson from '../../package.json';
import { executionError, nodeOutput } from '../../scripts/real-n8n/executions';
import { readLog, type LogReport } from '../../scripts/real-n8n/log-report';
import { PACKAGE_NAME } from '../../scripts/real-n8n/paths';
import { BACKENDS } from '../support/backends';
import { startInstance, type E2eInstance } from './support/instance';
import { callWebhook, EXAMPLES, FIXTURES, hasExample, runFromTrigger } from './support/runs';

/** A test of an example that has not landed in examples/ yet is reported as skipped. */
const withExample = (file: string) => (hasExample(file) ? it : it.skip);

/** `n8n-nodes-interaction-log.<name>` of every node listed in package.json. */
const PACKAGE_NODE_TYPES = packageJson.n8n.nodes.map((file) => {
	const className = file.split('/').slice(-1)[0].replace('.node.js', '');
	return `${PACKAGE_NAME}.${className.charAt(0).toLowerCase()}${className.slice(1)}`;
});

describe.each(BACKENDS)('%s: the example workflows in a real n8n 2.8.4', (backend) => {
	let n8n: E2eInstance;
	let log: LogReport;

	beforeAll(async () => {
		n8n = await startInstance('example-workflows', backend, [...EXAMPLES, ...FIXTURES]);
	});

	afterAll(async () => {
		await n8n?.cleanUp();
	});

	it('serves every node of the package, installed from its tarball, as n8n-nodes-interaction-log.*', async () => {
		const served = await n8n.client.nodeTypeDescriptions(
			PACKAGE_NODE_TYPES.map((name) => ({ name, version: 1 })),
		);
		expect(served.map((node) => `${PACKAGE_NAME}.${node.name}`).sort()).toEqual(
			[...PACKAGE_NODE_TYPES].sort(),
		);
	});

	it('imports every example workflow with all its nodes known to n8n', () => {
		expect(EXAMPLES.length).toBeGreaterThan(0);
		for (const example of EXAMPLES) {
			const stored = n8n.workflow(example.file);
			expect(stored.nodes.map((node) => node.name)).toEqual(
				example.workflow.nodes.map((node) => node.name),
			);
			expect(PACKAGE_NODE_TYPES).toEqual(expect.arrayContaining([...example.packageNodeTypes]));
		}
	});

	withExample('setup-configuration.json')(
		'sets up groups, templates, contacts and a segment, and runs again without error',
		async () => {
			for (let run = 1; run <= 2; run++) {
				const execution = await runFromTrigger(n8n, 'setup-configuration.json');
				expect(executionError(execution)).toBeUndefined();
				expect(nodeOutput(execution, 'Template SINV')).toEqual([
					expect.objectContaining({ code: 'SINV', groupCode: 'SALES' }),
				]);
			}
		},
	);

	it('records invoices sent through Record Interaction, finding contacts by customer number', async () => {
		const execution = await runFromTrigger(n8n, 'record-invoices.json');
		expect(executionError(execution)).toBeUndefined();
		expect(nodeOutput(execution, 'Record Invoice Sent')).toEqual([
			expect.objectContaining({ documentNo: 'E2E-INV-1', contactNo: 'CT100', recorded: true }),
			expect.objectContaining({ documentNo: 'E2E-INV-2', contactNo: 'CT200', recorded: true }),
		]);
	});

	withExample('cancel-voided-invoice.json')(
		'cancels the interactions of a voided invoice posted to the webhook',
		async () => {
			const { response, execution } = await callWebhook(n8n, 'cancel-voided-invoice.json', {
				invoiceNo: 'E2E-INV-1',
				voidedBy: 'billing e2e',
			});
			expect(response.status).toBe(200);
			expect(executionError(execution)).toBeUndefined();
			expect(nodeOutput(execution, 'Cancel Invoice Interactions')).toEqual([
				expect.objectContaining({
					documentNo: 'E2E-INV-1',
					canceled: true,
					canceledBy: 'billing e2e',
					changed: true,
				}),
			]);
		},
	);

	withExample('cancel-voided-invoice.json')(
		'fails a voided-invoice event without an invoice number with an error naming the field',
		async () => {
			const { execution } = await callWebhook(n8n, 'cancel-voided-invoice.json', { invoice: 7 });
			expect(execution.status).toBe('error');
			expect(executionError(execution)).toMatch(/documentNo/);
		},
	);

	withExample('nightly-purge.json')(
		'keeps entries canceled today in the nightly purge',
		async () => {
			const execution = await runFromTrigger(n8n, 'nightly-purge.json');
			expect(executionError(execution)).toBeUndefined();
			expect(nodeOutput(execution, 'Purge Canceled')).toEqual([
				expect.objectContaining({ dryRun: false, deleted: 0 }),
			]);
		},
	);

	it('purges only the canceled entries', async () => {
		const execution = await runFromTrigger(n8n, 'purge-all-canceled.json');
		expect(executionError(execution)).toBeUndefined();
		const [result] = nodeOutput(execution, 'Purge Canceled');
		expect(result).toMatchObject({ dryRun: false, remaining: 0 });
		expect(result.deleted).toBe(hasExample('cancel-voided-invoice.json') ? 1 : 0);
	});

	describe('the log once n8n has stopped', () => {
		beforeAll(async () => {
			await n8n.stop();
			log = await readLog(n8n.config);
		});

		it('holds each document event once and no canceled entry', () => {
			const documents = log.entries
				.filter((entry) => entry.documentNo !== null)
				.map((entry) => `${entry.documentKind} ${entry.documentNo} ${entry.contactNo}`);
			expect(new Set(documents).size).toBe(documents.length);
			expect(documents).toContain('sales_invoice E2E-INV-2 CT200');
			expect(log.entries.filter((entry) => entry.canceled)).toEqual([]);
		});

		withExample('cancel-voided-invoice.json')(
			'has purged the voided invoice and kept its audit trail',
			() => {
				expect(log.entries.map((entry) => entry.documentNo)).not.toContain('E2E-INV-1');
				expect(log.events).toMatchObject({ canceled: 1, purged: expect.any(Number) });
				expect(log.events.recorded).toBeGreaterThanOrEqual(2);
			},
		);
	});
});
