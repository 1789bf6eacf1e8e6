import { checkRollup, foldRollup, rebuildRollup } from '../../lib/statistics';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';
import * as addCompanyMonths from '../../migrations/20261201000201_add_company_months';

describe.each(BACKENDS)('%s: the maintained sums (rollup)', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const deltaCount = async () =>
		Number(
			(await t.db('interaction_log_rollup_deltas').count<{ count: string }[]>('* as count'))[0]
				.count,
		);

	// The folded rows of one dimension value by month: fold first, as readers see the two added.
	const monthOf = async (dimension: string, value: string) => {
		await foldRollup(t.db);
		return await t
			.db('interaction_log_rollup')
			.where({ dimension, dimension_value: value, bucket_level: 'm' })
			.select('bucket_start', 'entry_count', 'cost_sum', 'duration_sum')
			.orderBy('bucket_start');
	};

	it('adds recorded entries per dimension and bucket, leaving out canceled and postponed', async () => {
		await seedEntries(t.db, [
			{ template_code: 'CALL', cost: 2.5, duration_min: 10, occurred_at: '2026-11-02T10:00:00Z' },
			{ template_code: 'CALL', cost: 1.25, duration_min: 5, occurred_at: '2026-11-30T23:59:59Z' },
			{ template_code: 'CALL', cost: 7, occurred_at: '2026-12-01T00:00:00Z' },
			{ template_code: 'CALL', cost: 100, canceled: true },
			{ template_code: 'CALL', cost: 100, postponed: true },
		]);
		// The statement appended one delta per entry that counts; the sums are those plus the rows.
		expect(await deltaCount()).toBe(3);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
		expect(await monthOf('template', 'CALL')).toEqual([
			{
				bucket_start: new Date('2026-11-01T00:00:00Z'),
				entry_count: 2,
				cost_sum: 3.75,
				duration_sum: 15,
			},
			{
				bucket_start: new Date('2026-12-01T00:00:00Z'),
				entry_count: 1,
				cost_sum: 7,
				duration_sum: 0,
			},
		]);
		const quarter = await t
			.db('interaction_log_rollup')
			.where({ dimension: 'all', bucket_level: 'q' })
			.orderBy('bucket_start')
			.pluck('bucket_start');
		expect(quarter).toEqual([
			new Date('2026-11-02T10:00:00Z'),
			new Date('2026-11-30T23:45:00Z'),
			new Date('2026-12-01T00:00:00Z'),
		]);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true, differences: [] });
	});

	it('follows cancel, restore, changed values and purge made by plain SQL', async () => {
		const [a, b, c] = await seedEntries(t.db, [
			{
				template_code: 'CALL',
				salesperson_code: 'JO',
				contact_no: 'P1',
				contact_company_no: 'C1',
				cost: 1,
			},
			{
				template_code: 'MEET',
				salesperson_code: 'JO',
				contact_no: 'P2',
				contact_company_no: 'C1',
				cost: 2,
			},
			{ template_code: 'MAIL', contact_no: 'C1', contact_company_no: 'C1', cost: 4 },
		]);
		const entries = () => t.db('interaction_log_entries');
		await entries()
			.whereIn('entry_no', [a, b])
			.update({ canceled: true, canceled_at: t.db.fn.now() });
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
		await entries().where({ entry_no: a }).update({ canceled: false, canceled_at: null });
		await entries()
			.where({ entry_no: c })
			.update({ template_code: 'CALL', cost: 8, occurred_at: '2025-01-31T23:00:00Z' });
		await entries().where({ entry_no: b }).delete();
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
		expect(await monthOf('template', 'CALL')).toEqual([
			expect.objectContaining({ entry_count: 1, cost_sum: 8 }),
			expect.objectContaining({ entry_count: 1, cost_sum: 1 }),
		]);
		expect(await deltaCount()).toBe(0);
		const company = await t
			.db('interaction_log_contact_rollup')
			.where({ bucket_level: 'a', contact_company_no: 'C1' })
			.sum({ n: 'entry_count', cost: 'cost_sum' });
		expect(company).toEqual([{ n: 2, cost: 9 }]);
	});

	it('stays exact when the writer uses another search path', async () => {
		const schema = t.config.schema;
		await t.db.transaction(async (trx) => {
			await trx.raw('set local search_path to public');
			await trx.raw(
				`insert into ??.interaction_log_entries (occurred_at, template_code, group_code, cost)
				values (now(), 'CALL', 'PHONE', 3)`,
				[schema],
			);
		});
		expect(await monthOf('template', 'CALL')).toEqual([expect.objectContaining({ cost_sum: 3 })]);
	});

	it('is emptied with the entries by truncate, deltas and folded rows alike', async () => {
		await seedEntries(t.db, [{ cost: 1 }]);
		await foldRollup(t.db);
		await seedEntries(t.db, [{ cost: 2 }]);
		await t.db.raw('truncate interaction_log_entries cascade');
		expect(await deltaCount()).toBe(0);
		expect(await t.db('interaction_log_rollup').count<{ count: number }[]>('* as count')).toEqual([
			{ count: 0 },
		]);
		expect(
			await t.db('interaction_log_contact_rollup').count<{ count: number }[]>('* as count'),
		).toEqual([{ count: 0 }]);
	});

	it("fills a company's month rows from its persons' when the level is added, unfolded deltas kept", async () => {
		await seedEntries(t.db, [
			{ contact_no: 'P1', contact_company_no: 'C1', cost: 1, occurred_at: '2026-10-05T10:00:00Z' },
			{ contact_no: 'P2', contact_company_no: 'C1', cost: 2, occurred_at: '2026-10-31T23:00:00Z' },
			{ contact_no: 'P2', contact_company_no: 'C1', cost: 4, occurred_at: '2026-11-01T00:00:00Z' },
			{ contact_no: 'P3', contact_company_no: 'C2', cost: 8, duration_min: 5 },
			{ contact_no: 'P3', contact_company_no: 'C2', cost: 16, canceled: true },
		]);
		await foldRollup(t.db);
		await seedEntries(t.db, [{ contact_no: 'P1', contact_company_no: 'C1', cost: 32 }]);
		const companyMonths = async () =>
			await t
				.db('interaction_log_contact_rollup')
				.where({ bucket_level: 'n' })
				.select('bucket_start', 'contact_no', 'contact_company_no', 'entry_count', 'cost_sum')
				.orderBy(['contact_company_no', 'bucket_start']);
		await t.db.transaction(async (trx) => await addCompanyMonths.down(trx));
		expect(await companyMonths()).toEqual([]);
		await t.db.transaction(async (trx) => await addCompanyMonths.up(trx));
		// Backfilled from the folded month rows; the delta not folded yet is still to add.
		const october = new Date('2026-10-01T00:00:00Z');
		const november = new Date('2026-11-01T00:00:00Z');
		const row = (start: Date, company: string, count: number, cost: number) => ({
			bucket_start: start,
			contact_no: '',
			contact_company_no: company,
			entry_count: count,
			cost_sum: cost,
		});
		expect(await companyMonths()).toEqual([
			row(october, 'C1', 2, 3),
			row(november, 'C1', 1, 4),
			row(november, 'C2', 1, 8),
		]);
		expect(await deltaCount()).toBe(1);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
		await foldRollup(t.db);
		expect(await companyMonths()).toEqual([
			row(october, 'C1', 2, 3),
			row(november, 'C1', 2, 36),
			row(november, 'C2', 1, 8),
		]);
	});

	it('reports a tampered sum, and a rebuild makes it exact again', async () => {
		await seedEntries(t.db, [
			{ template_code: 'CALL', cost: 1, contact_no: 'P1' },
			{ template_code: 'MEET', cost: 2, contact_no: 'P1' },
		]);
		await foldRollup(t.db);
		await t
			.db('interaction_log_rollup')
			.where({ dimension: 'template', dimension_value: 'CALL', bucket_level: 'd' })
			.update({ entry_count: 5 });
		await t.db('interaction_log_contact_rollup').where({ bucket_level: 'a' }).delete();
		const check = await checkRollup(t.db);
		expect(check.consistent).toBe(false);
		expect(check.differences).toEqual([
			{
				table: 'interaction_log_rollup',
				key: {
					dimension: 'template',
					bucket_level: 'd',
					bucket_start: '2026-11-02T00:00:00.000Z',
					dimension_value: 'CALL',
				},
				expected: { entryCount: 1, cost: 1, durationMin: 0 },
				stored: { entryCount: 5, cost: 1, durationMin: 0 },
			},
			expect.objectContaining({
				table: 'interaction_log_contact_rollup',
				key: expect.objectContaining({ bucket_level: 'a', contact_no: 'P1' }),
				expected: { entryCount: 2, cost: 3, durationMin: 0 },
				stored: { entryCount: 0, cost: 0, durationMin: 0 },
			}),
		]);
		await rebuildRollup(t.db);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true, differences: [] });
	});

	it("folds earlier statements' deltas when a statement passes a multiple of 1,024, never its own", async () => {
		await seedEntries(
			t.db,
			Array.from({ length: 1000 }, () => ({ cost: 1 })),
		);
		expect(await deltaCount()).toBe(1000);
		await seedEntries(
			t.db,
			Array.from({ length: 100 }, () => ({ cost: 2 })),
		);
		expect(await deltaCount()).toBe(100);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
		expect(await monthOf('all', '')).toEqual([
			expect.objectContaining({ entry_count: 1100, cost_sum: 1200 }),
		]);
	});

	it('leaves the folding to others in a repeatable read transaction', async () => {
		await seedEntries(
			t.db,
			Array.from({ length: 1000 }, () => ({ cost: 1 })),
		);
		await t.db.transaction(
			async (trx) =>
				await seedEntries(
					trx,
					Array.from({ length: 100 }, () => ({ cost: 2 })),
				),
			{ isolationLevel: 'repeatable read' },
		);
		expect(await deltaCount()).toBe(1100);
		expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
	});
});
