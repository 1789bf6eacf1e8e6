import packageJson from '../../package.json';
import { invoiceSentEvents } from '../../scripts/real-n8n/demo-events';
import { executionError, nodeOutput } from '../../scripts/real-n8n/executions';
import { readLog, type LogReport } from '../../scripts/real-n8n/log-report';
import { PACKAGE_NAME } from '../../scripts/real-n8n/paths';
import { DEFAULT_TIMEZONE } from '../../scripts/real-n8n/server';
import { BACKENDS } from '../support/backends';
import { startInstance, type E2eInstance } from './support/instance';
import { E2E_RELEASES } from './support/releases';
import { callWebhook, EXAMPLES, FIXTURES, hasExample, runFromTrigger } from './support/runs';

/** A test of an example that has not landed in examples/ yet is reported as skipped. */
const withExample = (file: string) => (hasExample(file) ? it : it.skip);

/** `n8n-nodes-interaction-log.<name>` of every node listed in package.json. */
const PACKAGE_NODE_TYPES = packageJson.n8n.nodes.map((file) => {
	const className = file.split('/').slice(-1)[0].replace('.node.js', '');
	return `${PACKAGE_NAME}.${className.charAt(0).toLowerCase()}${className.slice(1)}`;
});

const INVOICES = invoiceSentEvents(DEFAULT_TIMEZONE);
const INVOICE_WEBHOOK = 'invoice-sent-webhook.json';
const VOIDED_WEBHOOK = 'cancel-voided-invoice.json';

/** Every tested n8n release on every backend, e.g. `n8n 2.41.1 (Node 24), postgres`. */
const RUNS = E2E_RELEASES.flatMap((release) =>
	BACKENDS.map((backend) => [release.label, backend, release] as const),
);

describe.each(RUNS)('%s, %s: the example workflows in a real n8n', (_label, backend, release) => {
	let n8n: E2eInstance;

	beforeAll(async () => {
		n8n = await startInstance('example-workflows', release, backend, [...EXAMPLES, ...FIXTURES]);
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
			// A "…Tool" node is the variant n8n derives from one of the package's nodes for AI agents.
			const baseTypes = example.packageNodeTypes.map((type) => type.replace(/Tool$/, ''));
			expect(PACKAGE_NODE_TYPES).toEqual(expect.arrayContaining(baseTypes));
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

	withExample(INVOICE_WEBHOOK)(
		'records each invoice event posted to the webhook, creating an unknown customer',
		async () => {
			const expected = [
				[INVOICES.first, 'CT100'],
				[INVOICES.second, 'CT200'],
				[INVOICES.newCustomer, 'CT000001'],
			] as const;
			for (const [event, contactNo] of expected) {
				const { response, execution } = await callWebhook(n8n, INVOICE_WEBHOOK, event);
				expect(response).toEqual({
					status: 200,
					body: expect.objectContaining({ recorded: true, duplicate: false, contactNo }),
				});
				expect(executionError(execution)).toBeUndefined();
				expect(nodeOutput(execution, 'Record Invoice Sent')).toEqual([
					expect.objectContaining({
						documentKind: 'sales_invoice',
						documentNo: event.invoiceNo,
						contactNo,
						templateCode: 'SINV',
						recorded: true,
						duplicate: false,
					}),
				]);
			}
		},
	);

	withExample(INVOICE_WEBHOOK)('records a redelivered invoice event once', async () => {
		const { response, execution } = await callWebhook(n8n, INVOICE_WEBHOOK, INVOICES.repeated);
		expect(response).toEqual({
			status: 200,
			body: expect.objectContaining({ recorded: true, duplicate: true, entryNo: 1 }),
		});
		expect(executionError(execution)).toBeUndefined();
		expect(nodeOutput(execution, 'Record Invoice Sent')).toEqual([
			expect.objectContaining({ documentNo: 'INV-1001', entryNo: 1, duplicate: true }),
		]);
	});

	withExample(INVOICE_WEBHOOK)(
		'answers an invoice event without an invoice number with 400 and an error naming the field',
		async () => {
			const { response } = await callWebhook(n8n, INVOICE_WEBHOOK, INVOICES.malformed);
			expect(response).toEqual({
				status: 400,
				body: expect.objectContaining({
					recorded: false,
					field: 'documentNo',
					error: expect.stringMatching(/documentNo/),
				}),
			});
		},
	);

	withExample('log-segment.json')(
		'logs the segment once per contact, and a repeated run changes nothing',
		async () => {
			const first = await runFromTrigger(n8n, 'log-segment.json');
			expect(executionError(first)).toBeUndefined();
			const [logged] = nodeOutput(first, 'Log Segment');
			expect(logged).toMatchObject({ segmentNo: 'SEG-XMAS', entryCount: 3, duplicate: false });
			expect(nodeOutput(first, 'Record Follow-up Call')).toEqual([
				expect.objectContaining({ contactNo: 'CT200', templateCode: 'OUTCALL', duplicate: false }),
			]);
			const again = await runFromTrigger(n8n, 'log-segment.json');
			expect(executionError(again)).toBeUndefined();
			expect(nodeOutput(again, 'Log Segment')).toEqual([
				expect.objectContaining({
					loggedSegmentEntryNo: logged.loggedSegmentEntryNo,
					entryCount: 3,
					duplicate: true,
				}),
			]);
		},
	);

	withExample(VOIDED_WEBHOOK)('cancels the interactions of a voided invoice', async () => {
		const { response, execution } = await callWebhook(n8n, VOIDED_WEBHOOK, {
			invoiceNo: 'INV-1002',
			voidedBy: 'billing e2e',
		});
		expect(response.status).toBe(200);
		expect(executionError(execution)).toBeUndefined();
		expect(nodeOutput(execution, 'Cancel Invoice Interactions')).toEqual([
			expect.objectContaining({
				documentNo: 'INV-1002',
				canceled: true,
				canceledBy: 'billing e2e',
				changed: true,
			}),
		]);
	});

	withExample(VOIDED_WEBHOOK)(
		'fails a voided-invoice event without an invoice number with an error naming the field',
		async () => {
			const { execution } = await callWebhook(n8n, VOIDED_WEBHOOK, { invoice: 7 });
			expect(execution.status).toBe('error');
			expect(executionError(execution)).toMatch(/documentNo/);
		},
	);

	it('records an incoming call from the editor-style manual run', async () => {
		const execution = await runFromTrigger(n8n, 'record-phone-call.json');
		expect(executionError(execution)).toBeUndefined();
		expect(nodeOutput(execution, 'Record Phone Call')).toEqual([
			expect.objectContaining({
				contactNo: 'CT101',
				templateCode: 'INCALL',
				informationFlow: 'inbound',
				salespersonCode: 'JO',
			}),
		]);
	});

	withExample('weekly-statistics.json')(
		'reports the invoices of the last seven days without the canceled one',
		async () => {
			const execution = await runFromTrigger(n8n, 'weekly-statistics.json');
			expect(executionError(execution)).toBeUndefined();
			const lines = nodeOutput(execution, 'Report Line').map((item) => item.line);
			// INV-1001 and INV-1003, sent two days ago; INV-1002 is canceled.
			expect(lines).toContainEqual(expect.stringMatching(/^SINV .*: 2 interactions/));
		},
	);

	withExample('notify-on-inbound.json')(
		'composes a notification for the inbound call and none for outbound entries',
		async () => {
			const execution = await runFromTrigger(n8n, 'notify-on-inbound.json');
			expect(executionError(execution)).toBeUndefined();
			expect(nodeOutput(execution, 'Compose Notification')).toEqual([
				expect.objectContaining({
					salespersonCode: 'JO',
					subject: 'CT101 answered: Called back about the offer',
				}),
			]);
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

	it('purges the canceled entries, and only those', async () => {
		const execution = await runFromTrigger(n8n, 'purge-all-canceled.json');
		expect(executionError(execution)).toBeUndefined();
		expect(nodeOutput(execution, 'Purge Canceled')).toEqual([
			expect.objectContaining({ dryRun: false, deleted: 1, remaining: 0 }),
		]);
	});

	describe('the log, read from the database once n8n has stopped', () => {
		let log: LogReport;

		beforeAll(async () => {
			await n8n.stop();
			log = await readLog(n8n.config);
		});

		it('holds every invoice sent once and not the voided one', () => {
			const invoices = log.entries
				.filter((entry) => entry.documentKind === 'sales_invoice' && entry.documentNo)
				.map((entry) => `${entry.documentNo} ${entry.contactNo}`);
			expect(invoices).toEqual(['INV-1001 CT100', 'INV-1003 CT000001']);
			// The malformed event left nothing behind.
			expect(log.entries.filter((entry) => entry.templateCode === 'SINV')).toHaveLength(2);
		});

		it('holds one letter per segment contact and the follow-up call', () => {
			const letters = log.entries.filter((entry) => entry.templateCode === 'LETTER');
			expect(letters.map((entry) => entry.contactNo).sort()).toEqual(['CT101', 'CT102', 'CT201']);
			expect(new Set(letters.map((entry) => entry.loggedSegmentEntryNo)).size).toBe(1);
			expect(log.entries.filter((entry) => entry.templateCode === 'OUTCALL')).toHaveLength(1);
		});

		it('holds no canceled entry, and the audit keeps the cancel and the purges', () => {
			expect(log.entries.filter((entry) => entry.canceled)).toEqual([]);
			expect(log.events).toMatchObject({ canceled: 1, purged: 2 });
		});
	});
});
