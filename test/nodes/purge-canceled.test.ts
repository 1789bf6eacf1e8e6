import type { INode } from 'n8n-workflow';

import { PurgeCanceled } from '../../nodes/PurgeCanceled/PurgeCanceled.node';
import { errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow } from '../harness';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { remainingEntryNos, seedEntries } from '../support/seed-log';
import { byCode, credentialOf, NODE_TYPES, PACKAGE_NAME, runNode } from '../support/workflow';

// n8n registers a `usableAsTool` node a second time as `<name>Tool` (its description cloned, the
// name suffixed) for AI agents. This stand-in keeps the main input so the harness can feed it.
class PurgeCanceledTool extends PurgeCanceled {
	constructor() {
		super();
		this.description = { ...this.description, name: 'purgeCanceledTool' };
	}
}

describe.each(BACKENDS)('%s: Purge Canceled node', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const purgeEvents = async () =>
		await t.db('interaction_log_events').where({ event_type: 'purged' }).orderBy('event_no');

	it('deletes only canceled entries and returns one item with the counts', async () => {
		const [open, , , openToo] = await seedEntries(t.db, [
			{},
			{ canceled: true, templateCode: 'MEET', comments: 2 },
			{ canceled: true },
			{},
		]);
		const { items, error } = await runNode(t.config, 'purgeCanceled', {});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			dryRun: false,
			deleted: 2,
			byTemplate: { MEET: 1, OUTCALL: 1 },
			remaining: 0,
			batches: 1,
			batchSize: 5000,
			maxRows: 1000000,
		});
		expect(items[0].json.durationMs).toEqual(expect.any(Number));
		expect(await remainingEntryNos(t.db)).toEqual([open, openToo]);
		expect(await t.db('interaction_log_comments').count({ n: '*' })).toEqual([{ n: 0 }]);
		const [event] = await purgeEvents();
		expect(event.actor).toMatch(/^n8n workflow harness, execution /);
	});

	it('counts in a dry run and deletes nothing', async () => {
		await seedEntries(t.db, [{ canceled: true }, { canceled: true, templateCode: 'MEET' }, {}]);
		const { items } = await runNode(t.config, 'purgeCanceled', { dryRun: true });
		expect(items[0].json).toMatchObject({
			dryRun: true,
			wouldDelete: 2,
			byTemplate: { MEET: 1, OUTCALL: 1 },
		});
		expect(await remainingEntryNos(t.db)).toHaveLength(3);
		expect(await purgeEvents()).toEqual([]);
	});

	it('applies the filters: "canceled before" from an expression, a picked template, batches and cap', async () => {
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
		const [, old1, old2, old3, young] = await seedEntries(t.db, [
			{},
			{ canceled: true, canceledAt: daysAgo(200) },
			{ canceled: true, canceledAt: daysAgo(150) },
			{ canceled: true, canceledAt: daysAgo(120), templateCode: 'MEET' },
			{ canceled: true, canceledAt: daysAgo(10) },
		]);
		const { items } = await runNode(t.config, 'purgeCanceled', {
			filters: {
				canceledBefore: '={{ $now.minus({ days: 90 }).toISO() }}',
				templateCode: byCode('outcall'),
			},
			batchSize: 1,
			maxRows: 1,
			options: { reason: 'retention', actor: 'nightly' },
		});
		expect(items[0].json).toMatchObject({ deleted: 1, remaining: 1, batches: 1 });
		expect(items[0].json.filters).toMatchObject({ templateCode: 'OUTCALL' });
		expect(await remainingEntryNos(t.db)).toEqual(expect.not.arrayContaining([old1]));
		expect(await remainingEntryNos(t.db)).toEqual(expect.arrayContaining([old2, old3, young]));
		const [event] = await purgeEvents();
		expect(event).toMatchObject({ actor: 'nightly', reason: 'retention' });
	});

	it('reads filter times without an offset in the workflow time zone', async () => {
		// 23:30 UTC on Jan 1 is already Jan 2 in Berlin: "before Jan 2, 00:00" (Berlin) excludes it.
		await seedEntries(t.db, [
			{ canceled: true, occurredAt: '2026-01-01T22:30:00Z' },
			{ canceled: true, occurredAt: '2026-01-01T23:30:00Z' },
		]);
		const { items } = await runNode(
			t.config,
			'purgeCanceled',
			{ dryRun: true, filters: { occurredBefore: '2026-01-02T00:00:00' } },
			{ timezone: 'Europe/Berlin' },
		);
		expect(items[0].json).toMatchObject({
			wouldDelete: 1,
			filters: { occurredBefore: '2026-01-01T23:00:00.000Z' },
		});
	});

	it.each([
		['a batch size of 0', { batchSize: 0 }, 'batchSize must be at least 1, got 0'],
		[
			'a reversed date range',
			{ filters: { occurredFrom: '2026-06-01T00:00:00', occurredBefore: '2026-01-01T00:00:00' } },
			'occurredBefore (2026-01-01T00:00:00.000Z) is not after occurredFrom (2026-06-01T00:00:00.000Z)',
		],
		[
			'text where an entry number belongs',
			{ filters: { entryNoFrom: '={{ "ten" }}' } },
			'entryNoFrom: "ten" is not an entry number',
		],
	])('refuses %s with a clear error and deletes nothing', async (_name, parameters, message) => {
		await seedEntries(t.db, [{ canceled: true }]);
		const { error } = await runNode(t.config, 'purgeCanceled', parameters, { timezone: 'UTC' });
		expect(error).toMatchObject({ message, itemIndex: 0 });
		expect(await remainingEntryNos(t.db)).toHaveLength(1);
		expect(await purgeEvents()).toEqual([]);
	});

	it('gives an error item paired to its input under continueOnFail', async () => {
		await seedEntries(t.db, [{ canceled: true }]);
		const { items, error } = await runNode(
			t.config,
			'purgeCanceled',
			{ batchSize: '={{ $json.size }}', dryRun: true },
			{ items: [{ size: 0 }, { size: 10 }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({ errorCode: 'VALIDATION', errorField: 'batchSize' });
		expect(items[1].json).toMatchObject({ dryRun: true, wouldDelete: 1 });
	});

	it('keeps the audit trail of cancel, restore and purge after the entry is gone', async () => {
		const [a] = await seedEntries(t.db, [{}]);
		const change = (operation: string, reason: string) =>
			runNode(t.config, 'cancelInteraction', {
				operation,
				by: 'entry',
				entryNos: String(a),
				options: { reason },
			});
		await change('cancel', 'wrong contact');
		await change('restore', 'right contact after all');
		await change('cancel', 'duplicate');
		await runNode(t.config, 'purgeCanceled', { options: { reason: 'cleanup' } });
		expect(await remainingEntryNos(t.db)).toEqual([]);
		const trail = await t.db('interaction_log_events').orderBy('event_no');
		expect(
			trail.map((e) => [e.event_type, e.entry_no === null ? null : Number(e.entry_no), e.reason]),
		).toEqual([
			['canceled', a, 'wrong contact'],
			['restored', a, 'right contact after all'],
			['canceled', a, 'duplicate'],
			['purged', null, 'cleanup'],
		]);
		expect(trail[3].details).toMatchObject({ deleted: 1, entryNos: [a] });
	});

	it('defaults to a dry run when it runs as an AI tool', async () => {
		await seedEntries(t.db, [{ canceled: true }]);
		const nodes: INode[] = [
			{
				id: 'input',
				name: 'Input',
				type: INPUT_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: '[{}]' },
			},
			{
				id: 'tool',
				name: 'Tool',
				type: `${PACKAGE_NAME}.purgeCanceledTool`,
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
		];
		const run = await runWorkflow(
			{ nodes, connections: { Input: { main: [[{ node: 'Tool', type: 'main', index: 0 }]] } } },
			{
				nodeTypes: { ...NODE_TYPES, [`${PACKAGE_NAME}.purgeCanceledTool`]: PurgeCanceledTool },
				credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
			},
		);
		expect(errorOf(run)).toBeUndefined();
		expect(outputOf(run, 'Tool')[0].json).toMatchObject({ dryRun: true, wouldDelete: 1 });
		expect(await remainingEntryNos(t.db)).toHaveLength(1);
	});
});
