import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { cancelEntries, restoreEntries } from '../../lib/log';
import { pollTrigger } from '../harness/poll';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';
import { credentialOf, NODE_TYPES, PACKAGE_NAME } from '../support/workflow';

describe.each(BACKENDS)('%s: Interaction Trigger node', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	/** One poll with the static data n8n kept from the poll before; returns entry numbers. */
	const poll = async (
		parameters: INodeParameters,
		staticData: IDataObject,
		mode: 'trigger' | 'manual' = 'trigger',
	) => {
		const result = await pollTrigger(
			{
				id: 'trigger',
				name: 'Interaction Trigger',
				type: `${PACKAGE_NAME}.interactionTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
			},
			{
				nodeTypes: NODE_TYPES,
				credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
				staticData,
				mode,
			},
		);
		return { ...result, numbers: result.items?.map((item) => item.json.entryNo) ?? null };
	};

	it('starts from now, then hands on what was recorded between polls once, in order', async () => {
		await seedEntries(t.db, [{}, {}]);
		const first = await poll({ event: 'recorded' }, {});
		expect(first.items).toBeNull();
		expect(first.staticData).toEqual({ 'node:Interaction Trigger': { lastEntryNo: 2 } });

		const recorded = await seedEntries(t.db, [
			{ description: 'a' },
			{ description: 'b' },
			{ description: 'c' },
		]);
		const second = await poll({ event: 'recorded' }, first.staticData);
		expect(second.numbers).toEqual(recorded);
		expect(second.items?.[0].json).toMatchObject({ description: 'a', event: null });

		// n8n restarted with the static data it saved: nothing is replayed.
		const afterRestart = await poll({ event: 'recorded' }, structuredClone(second.staticData));
		expect(afterRestart.items).toBeNull();
		const [later] = await seedEntries(t.db, [{}]);
		expect((await poll({ event: 'recorded' }, afterRestart.staticData)).numbers).toEqual([later]);
	});

	it('filters by template, group and contact, and never returns to the entries it left out', async () => {
		const { staticData } = await poll({ event: 'recorded', filters: { contactNo: 'c1' } }, {});
		const [, b, c] = await seedEntries(t.db, [
			{ contact_no: 'P9', contact_company_no: 'C9' },
			{ contact_no: 'P1', contact_company_no: 'C1', template_code: 'INCALL' },
			{ contact_no: 'C1', contact_company_no: 'C1', group_code: 'VISIT' },
		]);
		const byContact = await poll({ event: 'recorded', filters: { contactNo: 'c1' } }, staticData);
		expect(byContact.numbers).toEqual([b, c]);
		const byTemplate = await poll(
			{ event: 'recorded', filters: { templateCode: 'INCALL' } },
			staticData,
		);
		expect(byTemplate.numbers).toEqual([b]);
		const byGroup = await poll({ event: 'recorded', filters: { groupCode: 'VISIT' } }, staticData);
		expect(byGroup.numbers).toEqual([c]);
		expect(byGroup.staticData).toEqual({ 'node:Interaction Trigger': { lastEntryNo: c } });
	});

	it('hands on canceled and restored entries with the audit event', async () => {
		const [a, b] = await seedEntries(t.db, [{}, {}]);
		const canceledStart = await poll({ event: 'canceled' }, {});
		const restoredStart = await poll({ event: 'restored' }, {});
		await cancelEntries(t.db, { entryNos: [b, a], actor: 'ann', reason: 'sent twice' });
		await restoreEntries(t.db, { entryNos: [a] });

		const canceled = await poll({ event: 'canceled' }, canceledStart.staticData);
		expect(canceled.numbers).toEqual([a, b]);
		expect(canceled.items?.[1].json).toMatchObject({
			entryNo: b,
			canceled: true,
			event: { eventType: 'canceled', actor: 'ann', reason: 'sent twice' },
		});
		expect((await poll({ event: 'canceled' }, canceled.staticData)).items).toBeNull();
		const restored = await poll({ event: 'restored' }, restoredStart.staticData);
		expect(restored.numbers).toEqual([a]);
		expect(restored.items?.[0].json).toMatchObject({
			canceled: false,
			event: { eventType: 'restored' },
		});
	});

	it('hands on at most the items per poll it is given, the rest on the next polls', async () => {
		const { staticData } = await poll({ event: 'recorded' }, {});
		const recorded = await seedEntries(
			t.db,
			Array.from({ length: 7 }, () => ({})),
		);
		const parameters = { event: 'recorded', options: { maxItemsPerPoll: 3 } };
		const one = await poll(parameters, staticData);
		const two = await poll(parameters, one.staticData);
		const three = await poll(parameters, two.staticData);
		expect([one.numbers, two.numbers, three.numbers]).toEqual([
			recorded.slice(0, 3),
			recorded.slice(3, 6),
			recorded.slice(6),
		]);
		expect((await poll(parameters, three.staticData)).items).toBeNull();
	});

	it('refuses a Max Items per Poll that is not a whole number ≥ 1 and keeps its cursor', async () => {
		const { staticData } = await poll({ event: 'recorded' }, {});
		await seedEntries(t.db, [{}, {}, {}]);
		for (const maxItemsPerPoll of [0, '1e16']) {
			await expect(
				poll({ event: 'recorded', options: { maxItemsPerPoll } }, staticData),
			).rejects.toMatchObject({
				message: expect.stringContaining('maxItemsPerPoll'),
				description: expect.stringContaining('Field: maxItemsPerPoll.'),
			});
		}
		expect((await poll({ event: 'recorded' }, staticData)).numbers).toHaveLength(3);
	});

	it('shows the latest few in a test run and leaves the cursor alone', async () => {
		const recorded = await seedEntries(
			t.db,
			Array.from({ length: 8 }, () => ({})),
		);
		const test = await poll({ event: 'recorded' }, {}, 'manual');
		expect(test.numbers).toEqual(recorded.slice(-5));
		expect(test.staticData).toEqual({});
	});

	it('names the field of a bad filter', async () => {
		await expect(
			poll({ event: 'recorded', filters: { templateCode: 'MUCH TOO LONG CODE' } }, {}),
		).rejects.toMatchObject({ message: expect.stringContaining('templateCode') });
	});
});
