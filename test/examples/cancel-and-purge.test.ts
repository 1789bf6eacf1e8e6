import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow, type WorkflowJson } from '../harness';
import { setRetentionPolicy } from '../../lib/privacy';
import { createGroup, createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { auditTrail, remainingEntryNos, seedEntries } from '../support/seed-log';
import { credentialOf, NODE_TYPES } from '../support/workflow';

const TRIGGERS = ['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.webhook'];

/** An example as n8n would import it, its trigger replaced by the harness's input node. */
function exampleWorkflow(file: string, triggerOutput: IDataObject): WorkflowJson {
	const path = join(__dirname, '..', '..', 'examples', file);
	const json = JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson;
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

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe.each(BACKENDS)('%s: examples of cancel and purge', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const run = async (workflow: WorkflowJson) =>
		await runWorkflow(workflow, {
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
		});

	it('nightly-purge.json deletes the entries canceled more than 90 days ago, and only those', async () => {
		const [open, old, recent] = await seedEntries(t.db, [
			{},
			{ canceled: true, canceledAt: daysAgo(91) },
			{ canceled: true, canceledAt: daysAgo(30) },
		]);
		const result = await run(exampleWorkflow('nightly-purge.json', {}));
		expect(errorOf(result)).toBeUndefined();
		expect(outputOf(result, 'Purge Canceled')[0].json).toMatchObject({
			dryRun: false,
			deleted: 1,
			remaining: 0,
		});
		expect(await remainingEntryNos(t.db)).toEqual([open, recent]);
		expect(old).toBeLessThan(recent);
		expect(await auditTrail(t.db)).toEqual([
			expect.objectContaining({ eventType: 'purged', actor: 'nightly purge' }),
		]);
	});

	it('retention-purge.json applies the retention policies: old entries of a template with a policy go', async () => {
		await createGroup(t.db, { code: 'PHONE' });
		await createTemplate(t.db, { code: 'OUTCALL', groupCode: 'PHONE' });
		await createTemplate(t.db, { code: 'MEET', groupCode: 'PHONE' });
		await setRetentionPolicy(t.db, {
			appliesTo: 'template',
			code: 'OUTCALL',
			keepMonths: 12,
			scope: 'all',
		});
		const [old, recent, otherTemplate] = await seedEntries(t.db, [
			{ occurredAt: daysAgo(400) },
			{ occurredAt: daysAgo(30) },
			{ occurredAt: daysAgo(400), templateCode: 'MEET' },
		]);
		const result = await run(exampleWorkflow('retention-purge.json', {}));
		expect(errorOf(result)).toBeUndefined();
		expect(outputOf(result, 'Apply Retention Policies')[0].json).toMatchObject({
			dryRun: false,
			total: 1,
			policies: [{ code: 'OUTCALL', deleted: 1 }],
		});
		expect(await remainingEntryNos(t.db)).toEqual([recent, otherTemplate]);
		expect(old).toBeLessThan(recent);
		expect(await auditTrail(t.db)).toEqual([
			expect.objectContaining({ eventType: 'purged', actor: 'nightly retention' }),
		]);
	});

	it('cancel-voided-invoice.json cancels every entry of the invoice from the webhook body', async () => {
		const [first, second, other] = await seedEntries(t.db, [
			{ documentKind: 'sales_invoice', documentNo: 'INV-1001', contactNo: 'CT1' },
			{ documentKind: 'sales_invoice', documentNo: 'INV-1001', contactNo: 'CT2' },
			{ documentKind: 'sales_invoice', documentNo: 'INV-1002' },
		]);
		const webhook = { body: { invoiceNo: 'INV-1001', voidedBy: 'jane@example.com' } };
		const result = await run(exampleWorkflow('cancel-voided-invoice.json', webhook));
		expect(errorOf(result)).toBeUndefined();
		const items = outputOf(result, 'Cancel Invoice Interactions');
		expect(items.map((item) => [item.json.entryNo, item.json.outcome])).toEqual([
			[first, 'canceled'],
			[second, 'canceled'],
		]);
		expect(await auditTrail(t.db)).toEqual([
			expect.objectContaining({
				entryNo: first,
				actor: 'jane@example.com',
				reason: 'Invoice INV-1001 was voided in the billing system',
			}),
			expect.objectContaining({ entryNo: second }),
		]);
		const canceled = await t
			.db('interaction_log_entries')
			.where({ canceled: true })
			.pluck('entry_no');
		expect(canceled.map(Number)).not.toContain(other);
	});
});
