import { cancelEntries, restoreEntries } from '../../lib/log';
import { listEntryEvents } from '../../lib/log';
import { purgeCanceled, type PurgeFilterInput } from '../../lib/purge';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import {
	auditTrail,
	remainingEntryNos,
	seedEntries,
	seedLoggedSegment,
	type SeedEntry,
} from '../support/seed-log';

describe.each(BACKENDS)('%s: purgeCanceled', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const purgedEvents = async () =>
		(await t.db('interaction_log_events').where({ event_type: 'purged' }).orderBy('event_no')).map(
			(row) => ({
				actor: row.actor,
				reason: row.reason,
				details: row.details,
			}),
		);

	it('deletes only canceled entries and their comment lines, and leaves everything else', async () => {
		const [open, canceled, openWithComment, canceledWithComments] = await seedEntries(t.db, [
			{},
			{ canceled: true },
			{ comments: 1 },
			{ canceled: true, comments: 2 },
		]);
		const result = await purgeCanceled(t.db, { actor: 'nightly' });
		expect(result).toMatchObject({
			dryRun: false,
			deleted: 2,
			byTemplate: { OUTCALL: 2 },
			remaining: 0,
			batches: 1,
		});
		expect(await remainingEntryNos(t.db)).toEqual([open, openWithComment]);
		const commentedEntries = await t.db('interaction_log_comments').pluck('entry_no');
		expect(commentedEntries.map(Number)).toEqual([openWithComment]);
		expect(canceled).toBeLessThan(canceledWithComments);
	});

	it.each<[string, PurgeFilterInput, (entry: SeedEntry, index: number) => boolean]>([
		['contact', { contactNo: 'ct2' }, (e) => e.contactNo === 'CT2'],
		['template', { templateCode: 'meet' }, (e) => e.templateCode === 'MEET'],
		['group', { groupCode: 'VISIT' }, (e) => e.groupCode === 'VISIT'],
		['salesperson', { salespersonCode: 'AB' }, (e) => e.salespersonCode === 'AB'],
		['campaign', { campaignNo: 'CP1' }, (e) => e.campaignNo === 'CP1'],
		['entry number range', { entryNoFrom: 3, entryNoTo: '5' }, (_e, i) => i >= 2 && i <= 4],
		[
			'occurred before',
			{ occurredBefore: '2026-06-01T00:00:00' },
			(e) => e.occurredAt! < '2026-06-01T00:00:00Z',
		],
		[
			'occurred between',
			{ occurredFrom: '2026-03-01T00:00:00Z', occurredBefore: '2026-09-01T00:00:00Z' },
			(e) => e.occurredAt! >= '2026-03-01T00:00:00Z' && e.occurredAt! < '2026-09-01T00:00:00Z',
		],
		[
			'canceled before',
			{ canceledBefore: '2026-10-01T00:00:00+00:00' },
			(e) => e.canceledAt! < '2026-10-01T00:00:00Z',
		],
	])('narrows by %s, still only canceled entries', async (_name, filters, matches) => {
		const entries: SeedEntry[] = Array.from({ length: 12 }, (_, i) => ({
			contactNo: `CT${i % 3}`,
			templateCode: i % 2 ? 'MEET' : 'OUTCALL',
			groupCode: i % 4 < 2 ? 'VISIT' : 'PHONE',
			salespersonCode: i % 3 === 0 ? 'AB' : 'JR',
			campaignNo: i % 5 === 0 ? 'CP1' : null,
			occurredAt: `2026-${String(i + 1).padStart(2, '0')}-15T12:00:00Z`,
			canceled: i % 4 !== 3,
			canceledAt: `2026-${String(12 - (i % 6)).padStart(2, '0')}-01T12:00:00Z`,
		}));
		const entryNos = await seedEntries(t.db, entries);
		const expected = entryNos.filter((_, i) => entries[i].canceled && matches(entries[i], i));
		expect(expected.length).toBeGreaterThan(0);
		const result = await purgeCanceled(t.db, { filters, timeZone: 'UTC' });
		expect(result).toMatchObject({ deleted: expected.length, remaining: 0 });
		expect(await remainingEntryNos(t.db)).toEqual(entryNos.filter((no) => !expected.includes(no)));
	});

	it('narrows by logged segment', async () => {
		const segment = await seedLoggedSegment(t.db, 'SEG01', { canceled: true });
		const [inSegment] = await seedEntries(t.db, [
			{ canceled: true, loggedSegmentEntryNo: segment },
			{ canceled: true },
		]);
		const result = await purgeCanceled(t.db, { filters: { loggedSegmentEntryNo: segment } });
		expect(result).toMatchObject({ deleted: 1, remaining: 0 });
		expect(await remainingEntryNos(t.db)).not.toContain(inSegment);
		expect(await t.db('logged_segments').count({ n: '*' })).toEqual([{ n: 1 }]);
	});

	it('counts in a dry run, in total and by template, and deletes and records nothing', async () => {
		await seedEntries(t.db, [
			{ canceled: true, templateCode: 'MEET' },
			{ canceled: true },
			{ canceled: true },
			{ templateCode: 'MEET' },
		]);
		const result = await purgeCanceled(t.db, { dryRun: true });
		expect(result).toMatchObject({
			dryRun: true,
			wouldDelete: 3,
			byTemplate: { MEET: 1, OUTCALL: 2 },
			remaining: 0,
		});
		expect(await remainingEntryNos(t.db)).toHaveLength(4);
		expect(await auditTrail(t.db)).toEqual([]);
	});

	it('works in batches and stops at the cap, reporting what remains; the dry run agrees', async () => {
		const entries: SeedEntry[] = Array.from({ length: 9 }, (_, i) => ({
			canceled: i !== 4,
			templateCode: i < 3 ? 'MEET' : 'OUTCALL',
		}));
		const entryNos = await seedEntries(t.db, entries);
		const preview = await purgeCanceled(t.db, { batchSize: 2, maxRows: 5, dryRun: 'true' });
		const result = await purgeCanceled(t.db, { batchSize: 2, maxRows: 5 });
		expect(preview).toMatchObject({ wouldDelete: 5, byTemplate: { MEET: 3, OUTCALL: 2 } });
		expect(result).toMatchObject({
			deleted: 5,
			byTemplate: preview.byTemplate,
			remaining: 3,
			batches: 3,
		});
		// The five lowest canceled entries went: 1–4 and 6 (entry 5 is not canceled).
		expect(await remainingEntryNos(t.db)).toEqual([entryNos[4], ...entryNos.slice(6)]);
		const rest = await purgeCanceled(t.db, { batchSize: 2, maxRows: 5 });
		expect(rest).toMatchObject({ deleted: 3, remaining: 0 });
		expect(await remainingEntryNos(t.db)).toEqual([entryNos[4]]);
	});

	it('does not delete an entry restored between the dry run and the delete', async () => {
		const [a, b, c] = await seedEntries(t.db, [{ canceled: true }, { canceled: true }, {}]);
		expect(await purgeCanceled(t.db, { dryRun: true })).toMatchObject({ wouldDelete: 2 });
		await restoreEntries(t.db, { entryNos: b });
		expect(await purgeCanceled(t.db, {})).toMatchObject({ deleted: 1 });
		expect(await remainingEntryNos(t.db)).toEqual([b, c]);
		expect(a).toBeLessThan(b);
	});

	it('does not delete an entry whose restore commits while the purge waits for it', async () => {
		const [a, b, c] = await seedEntries(t.db, [{ canceled: true }, { canceled: true }, {}]);
		const restore = await t.db.transaction();
		await restore('interaction_log_entries')
			.where({ entry_no: b })
			.update({ canceled: false, canceled_at: null, canceled_by: null });
		const purge = purgeCanceled(t.db, {});
		await new Promise((resolve) => setTimeout(resolve, 300));
		await restore.commit();
		expect(await purge).toMatchObject({ deleted: 1 });
		expect(await remainingEntryNos(t.db)).toEqual([b, c]);
		expect(a).toBeLessThan(b);
	});

	it('writes one audit record per run naming filters, counts, entries and who; earlier events survive', async () => {
		const entryNos = await seedEntries(t.db, [{}, {}, {}, {}, {}]);
		await cancelEntries(t.db, { entryNos: [entryNos[0], entryNos[1], entryNos[3]], actor: 'jane' });
		await purgeCanceled(t.db, {
			filters: { canceledBefore: '2999-01-01T00:00:00Z' },
			actor: 'nightly',
			reason: 'retention',
			batchSize: 2,
		});
		expect(await purgedEvents()).toEqual([
			{
				actor: 'nightly',
				reason: 'retention',
				details: expect.objectContaining({
					filters: { canceledBefore: '2999-01-01T00:00:00.000Z' },
					deleted: 3,
					byTemplate: { OUTCALL: 3 },
					remaining: 0,
					batches: 2,
					entryNos: [[entryNos[0], entryNos[1]], entryNos[3]],
				}),
			},
		]);
		expect((await listEntryEvents(t.db, entryNos[0])).map((e) => e.eventType)).toEqual([
			'canceled',
		]);
		await purgeCanceled(t.db, {});
		expect(await purgedEvents()).toHaveLength(2);
	});

	it.each<[string, Parameters<typeof purgeCanceled>[1], string]>([
		['a batch size of 0', { batchSize: 0 }, 'batchSize'],
		['text as batch size', { batchSize: 'many' }, 'batchSize'],
		['a max rows of 0', { maxRows: '0' }, 'maxRows'],
		['text as entry number', { filters: { entryNoFrom: 'ten' } }, 'entryNoFrom'],
		['a reversed entry range', { filters: { entryNoFrom: 9, entryNoTo: 2 } }, 'entryNoTo'],
		[
			'a reversed date range',
			{ filters: { occurredFrom: '2026-06-01', occurredBefore: '2026-01-01' } },
			'occurredBefore',
		],
		['a date that is none', { filters: { canceledBefore: 'last tuesday' } }, 'canceledBefore'],
		['a dry run that is not yes or no', { dryRun: 'maybe' }, 'dryRun'],
	])('refuses %s, deletes and records nothing', async (_name, input, field) => {
		await seedEntries(t.db, [{ canceled: true }]);
		await expect(purgeCanceled(t.db, input)).rejects.toMatchObject({
			code: 'VALIDATION',
			details: { field },
		});
		expect(await remainingEntryNos(t.db)).toHaveLength(1);
		expect(await auditTrail(t.db)).toEqual([]);
	});
});
