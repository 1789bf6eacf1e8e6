import { cancelEntries, restoreEntries } from '../../lib/log';
import {
	latestFeedItems,
	readFeed,
	readFeedFilters,
	settledHorizon,
	type FeedEvent,
} from '../../lib/log';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';

const NO_FILTERS = readFeedFilters({});

describe.each(BACKENDS)('%s: the log feed', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const feed = (event: FeedEvent, after: number, upTo: number, filters = NO_FILTERS, limit = 100) =>
		readFeed(t.db, { event, filters, after, upTo, limit });

	it('hands on recorded entries in order, filtered, moving past the ones left out', async () => {
		const [a, b, c, d] = await seedEntries(t.db, [
			{ template_code: 'CALL', contact_no: 'P1', contact_company_no: 'C1' },
			{ template_code: 'MEET', contact_no: 'P1', contact_company_no: 'C1' },
			{ template_code: 'CALL', contact_no: 'P9', contact_company_no: 'C9' },
			{ template_code: 'CALL', contact_no: 'C1', contact_company_no: 'C1', postponed: true },
		]);
		const horizon = await settledHorizon(t.db, 'recorded');
		expect(horizon).toBe(d);
		const all = await feed('recorded', 0, horizon!);
		expect(all.items.map((item) => [item.entryNo, item.event])).toEqual([
			[a, null],
			[b, null],
			[c, null],
		]);
		expect(all.cursor).toBe(d);
		const calls = readFeedFilters({ templateCode: 'call', contactNo: 'C1' });
		const filtered = await feed('recorded', 0, horizon!, calls);
		expect(filtered.items.map((item) => item.entryNo)).toEqual([a]);
		expect(filtered.cursor).toBe(d);
		const limited = await feed('recorded', a, horizon!, NO_FILTERS, 1);
		expect(limited).toMatchObject({ items: [{ entryNo: b }], cursor: b });
	});

	it('refuses a limit it cannot read as a whole number ≥ 1, naming maxItemsPerPoll', async () => {
		const [, , c] = await seedEntries(t.db, [{}, {}, {}]);
		// Read loosely, 0 or "1e16" (1 to parseInt) would end a short page at the horizon and skip
		// the entries not handed on.
		for (const limit of [0, '1e16', 'abc', -1, 2.5, {}]) {
			await expect(
				readFeed(t.db, { event: 'recorded', filters: NO_FILTERS, after: 0, upTo: c, limit }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'maxItemsPerPoll' } });
		}
		const one = await readFeed(t.db, {
			event: 'recorded',
			filters: NO_FILTERS,
			after: 0,
			upTo: c,
			limit: '1',
		});
		expect(one.items).toHaveLength(1);
		expect(one.cursor).toBe(one.items[0].entryNo);
	});

	it('hands on cancels and restores with the audit event that did them', async () => {
		const [a, b] = await seedEntries(t.db, [{ template_code: 'CALL' }, { template_code: 'MEET' }]);
		const before = (await settledHorizon(t.db, 'canceled'))!;
		await cancelEntries(t.db, { entryNos: [a, b], actor: 'ann', reason: 'duplicate' });
		await restoreEntries(t.db, { entryNos: [b] });
		const upTo = (await settledHorizon(t.db, 'canceled'))!;
		const canceled = await feed('canceled', before, upTo);
		expect(canceled.items).toEqual([
			expect.objectContaining({
				entryNo: a,
				canceled: true,
				event: expect.objectContaining({
					eventType: 'canceled',
					actor: 'ann',
					reason: 'duplicate',
				}),
			}),
			expect.objectContaining({ entryNo: b, canceled: false }),
		]);
		const restored = await feed('restored', before, upTo);
		expect(restored.items.map((item) => [item.entryNo, item.event?.eventType])).toEqual([
			[b, 'restored'],
		]);
		const meetOnly = await feed(
			'canceled',
			before,
			upTo,
			readFeedFilters({ templateCode: 'MEET' }),
		);
		expect(meetOnly.items.map((item) => item.entryNo)).toEqual([b]);
	});

	it('shows the latest few, oldest of them first', async () => {
		const numbers = await seedEntries(
			t.db,
			Array.from({ length: 8 }, () => ({})),
		);
		const latest = await latestFeedItems(t.db, {
			event: 'recorded',
			filters: NO_FILTERS,
			limit: 3,
		});
		expect(latest.map((item) => item.entryNo)).toEqual(numbers.slice(-3));
	});

	(backend === 'postgres' ? it : it.skip)(
		'waits for a writer still in flight, so a number drawn earlier but committed later is not skipped',
		async () => {
			// Writers whose entries share a sum row wait for each other anyway; these two share none.
			const slow = await t.db.transaction();
			try {
				const [early] = await slow('interaction_log_entries')
					.insert({
						occurred_at: '2026-01-10T10:00:00Z',
						template_code: 'CALL',
						group_code: 'PHONE',
						contact_no: 'P1',
					})
					.returning('entry_no');
				const late = await t.db.transaction(async (trx) => {
					await trx.raw("set local lock_timeout = '5s'");
					const [row] = await trx('interaction_log_entries')
						.insert({
							occurred_at: '2026-03-10T10:00:00Z',
							template_code: 'MEET',
							group_code: 'VISIT',
							contact_no: 'P2',
						})
						.returning('entry_no');
					return Number(row.entry_no);
				});
				expect(Number(early.entry_no)).toBeLessThan(late);
				expect(await settledHorizon(t.db, 'recorded', { lockTimeoutMs: 200 })).toBeNull();
				await slow.commit();
			} finally {
				if (!slow.isCompleted()) await slow.rollback();
			}
			const horizon = (await settledHorizon(t.db, 'recorded'))!;
			const { items } = await feed('recorded', 0, horizon);
			expect(items).toHaveLength(2);
		},
	);
});
