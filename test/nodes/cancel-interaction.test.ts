import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { auditTrail, seedEntries, seedLoggedSegment } from '../support/seed-log';
import { runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: Cancel Interaction node', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const cancelFlags = async () =>
		Object.fromEntries(
			(await t.db('interaction_log_entries').select('entry_no', 'canceled')).map(
				(row: { entry_no: number; canceled: boolean }) => [Number(row.entry_no), row.canceled],
			),
		);

	it('cancels entries given per item as a number, as text or as a list, paired to their item', async () => {
		const [a, b, c, d] = await seedEntries(t.db, [{}, {}, {}, {}]);
		const { items, error } = await runNode(
			t.config,
			'cancelInteraction',
			{ operation: 'cancel', by: 'entry', entryNos: '={{ $json.entries }}' },
			{ items: [{ entries: a }, { entries: `${b}, ${c}` }, { entries: [d] }] },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.entryNo, item.json.outcome, item.pairedItem])).toEqual([
			[a, 'canceled', { item: 0 }],
			[b, 'canceled', { item: 1 }],
			[c, 'canceled', { item: 1 }],
			[d, 'canceled', { item: 2 }],
		]);
		expect(items[0].json).toMatchObject({ canceled: true, changed: true });
		expect(await cancelFlags()).toEqual({ [a]: true, [b]: true, [c]: true, [d]: true });
	});

	it('says alreadyCanceled on a repeat and changes nothing', async () => {
		const [a] = await seedEntries(t.db, [{}]);
		const parameters = { operation: 'cancel', by: 'entry', entryNos: String(a) };
		await runNode(t.config, 'cancelInteraction', parameters);
		const { items } = await runNode(t.config, 'cancelInteraction', parameters);
		expect(items[0].json).toMatchObject({ outcome: 'alreadyCanceled', changed: false });
		expect(await auditTrail(t.db)).toHaveLength(1);
	});

	it('keeps the reason and, by default, the workflow and execution as actor in the audit', async () => {
		const [a, b] = await seedEntries(t.db, [{}, { canceled: true }]);
		await runNode(t.config, 'cancelInteraction', {
			operation: 'cancel',
			by: 'entry',
			entryNos: String(a),
			options: { reason: 'duplicate call' },
		});
		await runNode(t.config, 'cancelInteraction', {
			operation: 'restore',
			by: 'entry',
			entryNos: String(b),
			options: { actor: 'jane@example.com' },
		});
		const trail = await auditTrail(t.db);
		expect(trail).toEqual([
			expect.objectContaining({ eventType: 'canceled', entryNo: a, reason: 'duplicate call' }),
			expect.objectContaining({ eventType: 'restored', entryNo: b, actor: 'jane@example.com' }),
		]);
		expect(trail[0].actor).toMatch(/^n8n workflow harness, execution /);
	});

	it('cancels a logged segment with all its entries, and restores it', async () => {
		const segment = await seedLoggedSegment(t.db, 'SEG01');
		const [a, b, other] = await seedEntries(t.db, [
			{ loggedSegmentEntryNo: segment },
			{ loggedSegmentEntryNo: segment },
			{},
		]);
		const { items } = await runNode(t.config, 'cancelInteraction', {
			operation: 'cancel',
			by: 'loggedSegment',
			loggedSegmentEntryNo: segment,
		});
		expect(items.map((item) => item.json.entryNo)).toEqual([a, b]);
		expect(items[0].json.loggedSegment).toMatchObject({
			loggedSegmentEntryNo: segment,
			canceled: true,
			outcome: 'canceled',
		});
		expect(await cancelFlags()).toEqual({ [a]: true, [b]: true, [other]: false });

		const restored = await runNode(
			t.config,
			'cancelInteraction',
			{
				operation: 'restore',
				by: 'loggedSegment',
				loggedSegmentEntryNo: '={{ $json.segment }}',
			},
			{ items: [{ segment }] },
		);
		expect(restored.items.map((item) => item.json.outcome)).toEqual(['restored', 'restored']);
	});

	it('refuses to restore an entry under a canceled logged segment and says what to do', async () => {
		const segment = await seedLoggedSegment(t.db, 'SEG01', { canceled: true });
		const [a] = await seedEntries(t.db, [{ loggedSegmentEntryNo: segment, canceled: true }]);
		const { error } = await runNode(t.config, 'cancelInteraction', {
			operation: 'restore',
			by: 'entry',
			entryNos: String(a),
		});
		expect(error).toMatchObject({
			message: `Entry ${a} cannot be restored: its logged segment ${segment} is canceled`,
			itemIndex: 0,
		});
		expect(error?.description).toContain('Restore the logged segment instead');
		expect(await cancelFlags()).toEqual({ [a]: true });
	});

	it('cancels the entries of a voided document, one version or all', async () => {
		const [v1, v2, other] = await seedEntries(t.db, [
			{ documentKind: 'sales_quote', documentNo: 'Q-7', versionNo: 1 },
			{ documentKind: 'sales_quote', documentNo: 'Q-7', versionNo: 2 },
			{ documentKind: 'sales_quote', documentNo: 'Q-8', versionNo: 1 },
		]);
		const oneVersion = await runNode(
			t.config,
			'cancelInteraction',
			{
				operation: 'cancel',
				by: 'document',
				documentKind: 'sales_quote',
				documentNo: '={{ $json.number }}',
				options: { versionNo: 2 },
			},
			{ items: [{ number: 'Q-7' }] },
		);
		expect(oneVersion.items.map((item) => item.json.entryNo)).toEqual([v2]);
		const all = await runNode(t.config, 'cancelInteraction', {
			operation: 'cancel',
			by: 'document',
			documentKind: 'Sales Quote',
			documentNo: 'Q-7',
		});
		expect(all.items.map((item) => [item.json.entryNo, item.json.outcome])).toEqual([
			[v1, 'canceled'],
			[v2, 'alreadyCanceled'],
		]);
		expect((await cancelFlags())[other]).toBe(false);
	});

	it('names the item and the field for bad input, and changes nothing', async () => {
		const [a] = await seedEntries(t.db, [{}]);
		const missing = await runNode(t.config, 'cancelInteraction', {
			operation: 'cancel',
			by: 'entry',
			entryNos: `${a}, 4711`,
		});
		expect(missing.error).toMatchObject({
			message: 'Interaction log entry 4711 does not exist',
			itemIndex: 0,
		});
		const text = await runNode(t.config, 'cancelInteraction', {
			operation: 'cancel',
			by: 'entry',
			entryNos: 'first',
		});
		expect(text.error?.message).toBe('entryNos: "first" is not an entry number');
		expect(text.error?.description).toContain('Field: entryNos.');
		expect(await cancelFlags()).toEqual({ [a]: false });
	});

	it('turns a failing item into an error item under continueOnFail; the others go through', async () => {
		const [a, b] = await seedEntries(t.db, [{}, {}]);
		const { items, error } = await runNode(
			t.config,
			'cancelInteraction',
			{ operation: 'cancel', by: 'entry', entryNos: '={{ $json.no }}' },
			{ items: [{ no: a }, { no: 'x' }, { no: b }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json).toMatchObject({ errorCode: 'VALIDATION', errorField: 'entryNos' });
		expect(await cancelFlags()).toEqual({ [a]: true, [b]: true });
	});
});
