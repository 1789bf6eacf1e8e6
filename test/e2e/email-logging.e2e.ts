// examples/email-logging.json against a real mailbox: Debian's dovecot on a free loopback port,
// read by n8n's own Email Trigger (IMAP) in a real n8n 2.8.4. Three messages (one from a contact,
// one to a contact, one from a stranger), the mailbox read twice: two entries, one skipped with
// its reason, nothing doubled.
import { forImport } from '../../scripts/real-n8n/examples';
import { executionError, nodeOutput } from '../../scripts/real-n8n/executions';
import { readLog } from '../../scripts/real-n8n/log-report';
import type { Execution, N8nClient, StoredWorkflow } from '../../scripts/real-n8n/rest';
import { CREDENTIAL_NAME } from '../../scripts/real-n8n/provision';
import { N8N_2_8 } from '../../scripts/real-n8n/versions';
import { BACKENDS } from '../support/backends';
import { startDovecot, type ImapServer } from './support/dovecot';
import { startInstance, type E2eInstance } from './support/instance';
import { exampleOf, runFromTrigger } from './support/runs';

const EXAMPLE = 'email-logging.json';
const CONTACTS = 'email-logging-contacts.json';
const MAILBOX = 'inbox@example.test';

const MESSAGES = [
	{
		from: 'Ann Lee <Ann@Adatum.example>',
		to: MAILBOX,
		subject: 'Question about invoice INV-1001',
		messageId: 'inbound-1@adatum.example',
		date: new Date('2026-11-30T08:15:00Z'),
	},
	{
		from: `Jo Salesperson <${MAILBOX}>`,
		to: 'Bob Kelly <bob.kelly@fabrikam.example>',
		subject: 'Your quote SQ-2001',
		messageId: 'outbound-1@example.test',
		date: new Date('2026-11-30T09:30:00Z'),
	},
	{
		from: 'Win A Prize <prize@stranger.example>',
		to: MAILBOX,
		subject: 'You have won',
		messageId: 'spam-1@stranger.example',
		date: new Date('2026-11-30T10:45:00Z'),
	},
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first execution of a published trigger workflow, once it has ended. */
async function firstExecution(client: N8nClient, workflow: StoredWorkflow): Promise<Execution> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const [id] = await client.executionIds(workflow.id);
		if (id) return await client.waitForExecution(id);
		if (Date.now() > deadline) throw new Error(`"${workflow.name}" did not run within 2 minutes`);
		await sleep(500);
	}
}

describe.each(BACKENDS)('%s: e-mail logging from a real IMAP mailbox in n8n 2.8.4', (backend) => {
	let imap: ImapServer;
	let n8n: E2eInstance;

	beforeAll(async () => {
		imap = await startDovecot(MAILBOX);
		// Written for and run on n8n 2.8.4 only so far (its name says so).
		n8n = await startInstance('email-logging', N8N_2_8, backend, [
			exampleOf(EXAMPLE)!,
			exampleOf(CONTACTS)!,
		]);
	});

	afterAll(async () => {
		await n8n?.cleanUp();
		await imap?.stop();
	});

	it('logs the mail of contacts once however often the mailbox is read, and skips a stranger with the reason', async () => {
		for (const file of [EXAMPLE, CONTACTS]) {
			expect(executionError(await runFromTrigger(n8n, file))).toBeUndefined();
		}
		for (const message of MESSAGES) imap.deliver(message);
		const credential = await n8n.client.createCredential({
			name: 'Mailbox',
			type: 'imap',
			data: {
				user: imap.user,
				password: imap.password,
				host: imap.host,
				port: imap.port,
				secure: false,
				allowUnauthorizedCerts: true,
			},
		});
		const logCredential = (await n8n.client.listCredentials()).find(
			(c) => c.name === CREDENTIAL_NAME,
		)!;
		const example = forImport(exampleOf(EXAMPLE)!, logCredential);

		// Two readers of the same mailbox, one after the other: the second reads every message again.
		const runs: Execution[] = [];
		for (const read of [1, 2]) {
			const workflow = await n8n.client.createWorkflow({
				...example,
				name: `E-mail logging, read ${read}`,
				nodes: example.nodes.map((node) =>
					node.type === 'n8n-nodes-base.emailReadImap'
						? { ...node, credentials: { imap: { id: credential.id, name: credential.name } } }
						: node,
				),
			});
			await n8n.client.activateWorkflow(workflow);
			const execution = await firstExecution(n8n.client, workflow);
			expect(executionError(execution)).toBeUndefined();
			runs.push(execution);
		}

		for (const [read, execution] of runs.entries()) {
			const outbound = nodeOutput(execution, 'Log Outbound');
			const inbound = nodeOutput(execution, 'Log Inbound');
			const recorded = [...outbound, ...inbound].filter((item) => item.recorded === true);
			expect(
				recorded.map((item) => [item.contactNo, item.templateCode, item.description]).sort(),
			).toEqual([
				['CT200', 'EMAILIN', 'Question about invoice INV-1001'],
				['CT300', 'EMAILOUT', 'Your quote SQ-2001'],
			]);
			expect(recorded.every((item) => item.duplicate === (read === 1))).toBe(true);
			expect(inbound.filter((item) => item.recorded === false)).toEqual([
				expect.objectContaining({
					subject: 'You have won',
					reason:
						'No contact has the e-mail address prize@stranger.example: nothing was recorded (Unknown Contact: Skip).',
				}),
			]);
		}

		await n8n.stop();
		const log = await readLog(n8n.config);
		expect(
			log.entries
				.map((entry) => [
					entry.contactNo,
					entry.templateCode,
					entry.informationFlow,
					entry.idempotencyKey,
				])
				.sort(),
		).toEqual([
			['CT200', 'EMAILIN', 'inbound', '<inbound-1@adatum.example>'],
			['CT300', 'EMAILOUT', 'outbound', '<outbound-1@example.test>'],
		]);
	});
});
