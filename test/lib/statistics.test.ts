import { createGroup } from '../../lib/setup';
import { foldRollup, logStatistics } from '../../lib/statistics';
import { createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries, type SeedEntry } from '../support/seed-entries';

const sums = (groups: { key: string | null; noOfInteractions: number; cost: number }[]) =>
	groups.map(({ key, noOfInteractions, cost }) => [key, noOfInteractions, cost]);

describe.each(BACKENDS)('%s: logStatistics', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	it('counts by template with its description, leaving out canceled and postponed', async () => {
		await createGroup(t.db, { code: 'PHONE', description: 'Phone calls' });
		await createTemplate(t.db, { code: 'CALL', groupCode: 'PHONE', description: 'Outgoing call' });
		await seedEntries(t.db, [
			{ template_code: 'CALL', cost: 2.5, duration_min: 10 },
			{ template_code: 'CALL', cost: 1, duration_min: 5, occurred_at: '2025-06-30T12:00:00Z' },
			{ template_code: 'GONE', cost: 4 },
			{ template_code: 'CALL', cost: 50, canceled: true },
			{ template_code: 'GONE', cost: 50, postponed: true },
		]);
		expect(await logStatistics(t.db, { groupBy: 'template', timeZone: 'UTC' })).toEqual([
			{
				groupBy: 'template',
				key: 'CALL',
				name: 'Outgoing call',
				periodStart: null,
				periodEnd: null,
				noOfInteractions: 2,
				cost: 3.5,
				durationMin: 15,
			},
			expect.objectContaining({ key: 'GONE', name: null, noOfInteractions: 1, cost: 4 }),
		]);
	});

	it.each([
		['group', [['PHONE', 2, 3]]],
		[
			'salesperson',
			[
				[null, 1, 1],
				['JO', 1, 2],
			],
		],
		[
			'campaign',
			[
				[null, 1, 2],
				['CP1', 1, 1],
			],
		],
		[
			'contact',
			[
				['P1', 1, 1],
				['P2', 1, 2],
			],
		],
		['company', [['C1', 2, 3]]],
	])('groups by %s, a blank code as null', async (groupBy, expected) => {
		await seedEntries(t.db, [
			{ contact_no: 'P1', contact_company_no: 'C1', campaign_no: 'CP1', cost: 1 },
			{ contact_no: 'P2', contact_company_no: 'C1', salesperson_code: 'JO', cost: 2 },
		]);
		expect(sums(await logStatistics(t.db, { groupBy, timeZone: 'UTC' }))).toEqual(expected);
	});

	it('reads a date filter with edges inside a day exactly', async () => {
		await seedEntries(t.db, [
			{ occurred_at: '2026-11-02T09:06:59Z', cost: 1 },
			{ occurred_at: '2026-11-02T09:07:00Z', cost: 2 },
			{ occurred_at: '2026-11-03T12:00:00Z', cost: 4 },
			{ occurred_at: '2026-11-05T08:59:59Z', cost: 8 },
			{ occurred_at: '2026-11-05T09:00:00Z', cost: 16 },
		]);
		for (const groupBy of ['template', 'contact', 'day']) {
			const groups = await logStatistics(t.db, {
				groupBy,
				dateFrom: '2026-11-02T10:07:00',
				dateTo: '2026-11-05T10:00:00',
				timeZone: 'Europe/Berlin',
			});
			expect(groups.reduce((total, group) => total + group.cost, 0)).toBe(14);
		}
	});

	it.each([
		['Asia/Kolkata', '2026-03-10T23:30:00+05:30', '2026-03-10'],
		['Asia/Kathmandu', '2026-03-10T23:50:00+05:45', '2026-03-10'],
		['America/St_Johns', '2026-03-10T23:30:00-02:30', '2026-03-10'],
		['Europe/Berlin', '2026-03-29T23:30:00+02:00', '2026-03-29'],
		['Australia/Adelaide', '2026-04-05T23:30:00+09:30', '2026-04-05'],
	])('counts an entry at 23:30 local in %s on that local day', async (zone, time, day) => {
		await seedEntries(t.db, [
			{ occurred_at: time, cost: 1 },
			{ occurred_at: new Date(Date.parse(time) + 60 * 60_000).toISOString(), cost: 2 },
		]);
		const groups = await logStatistics(t.db, { groupBy: 'day', timeZone: zone });
		expect(groups.map(({ key, cost }) => [key, cost])).toEqual([
			[day, 1],
			[expect.not.stringMatching(day), 2],
		]);
		const dayStats = await logStatistics(t.db, {
			groupBy: 'template',
			dateFrom: day,
			dateTo: day,
			timeZone: zone,
		});
		expect(sums(dayStats)).toEqual([['CALL', 1, 1]]);
	});

	it('groups by week from Monday and by month, with the period bounds in the time zone', async () => {
		await seedEntries(t.db, [
			{ occurred_at: '2026-02-28T23:30:00Z', cost: 1 }, // Sunday 1 March 00:30 in Berlin
			{ occurred_at: '2026-03-01T22:59:00Z', cost: 2 }, // Sunday 1 March 23:59
			{ occurred_at: '2026-03-01T23:00:00Z', cost: 4 }, // Monday 2 March 00:00
		]);
		const weeks = await logStatistics(t.db, { groupBy: 'week', timeZone: 'Europe/Berlin' });
		expect(weeks).toEqual([
			expect.objectContaining({
				key: '2026-W09',
				periodStart: '2026-02-23T00:00:00.000+01:00',
				periodEnd: '2026-03-02T00:00:00.000+01:00',
				cost: 3,
			}),
			expect.objectContaining({ key: '2026-W10', cost: 4 }),
		]);
		const months = await logStatistics(t.db, { groupBy: 'month', timeZone: 'Europe/Berlin' });
		expect(months.map(({ key, cost }) => [key, cost])).toEqual([['2026-03', 7]]);
		const utcMonths = await logStatistics(t.db, { groupBy: 'month', timeZone: 'UTC' });
		expect(utcMonths.map(({ key, cost }) => [key, cost])).toEqual([
			['2026-02', 1],
			['2026-03', 6],
		]);
	});

	it('reads whole buckets from the sums, not from the entries', async () => {
		await seedEntries(t.db, [{ occurred_at: '2026-11-10T12:00:00Z', cost: 1 }]);
		// Entries written with the triggers off: only the parts read from entries can see them.
		await t.db.transaction(async (trx) => {
			await trx.raw('set local session_replication_role = replica');
			await trx('interaction_log_entries').insert([
				{
					occurred_at: '2026-11-12T12:00:00Z',
					template_code: 'CALL',
					group_code: 'PHONE',
					cost: 10,
				},
				{
					occurred_at: '2026-11-14T12:30:00Z',
					template_code: 'CALL',
					group_code: 'PHONE',
					cost: 100,
				},
			]);
		});
		const groups = await logStatistics(t.db, {
			groupBy: 'template',
			dateFrom: '2026-11-01T00:00:00Z',
			dateTo: '2026-11-14T12:15:00Z',
			timeZone: 'UTC',
		});
		expect(sums(groups)).toEqual([['CALL', 1, 1]]);
		const withEdge = await logStatistics(t.db, {
			groupBy: 'template',
			dateFrom: '2026-11-01T00:00:00Z',
			dateTo: '2026-11-14T12:45:00Z',
			timeZone: 'UTC',
		});
		expect(sums(withEdge)).toEqual([['CALL', 2, 101]]);
	});

	it('reads a range over most of the log as the all-time sums minus the months around it, exactly', async () => {
		// A year of entries for three persons of two companies, folded, then more not folded yet.
		const people = [
			['P1', 'C1'],
			['P2', 'C1'],
			['P3', 'C2'],
		] as const;
		const entries: SeedEntry[] = [];
		for (let month = 0; month < 12; month++) {
			people.forEach(([contact, company], person) => {
				for (const day of [3 + person, 14, 27]) {
					entries.push({
						occurred_at: new Date(Date.UTC(2026, month, day, 9 + person, 7 * day)).toISOString(),
						contact_no: contact,
						contact_company_no: company,
						cost: month + person / 4,
						duration_min: day,
						canceled: day === 14 && month % 5 === 0,
						postponed: day === 27 && month % 7 === 0,
					});
				}
			});
		}
		await seedEntries(t.db, entries.slice(0, 80));
		await foldRollup(t.db);
		await seedEntries(t.db, entries.slice(80));
		const counted = entries.filter((entry) => !entry.canceled && !entry.postponed);
		const expected = (groupBy: 'contact' | 'company', from?: string, to?: string) => {
			const totals = new Map<string, [string, number, number]>();
			for (const entry of counted) {
				const at = Date.parse(entry.occurred_at as string);
				if ((from && at < Date.parse(from)) || (to && at >= Date.parse(to))) continue;
				const key = (groupBy === 'contact' ? entry.contact_no : entry.contact_company_no)!;
				const total = totals.get(key) ?? [key, 0, 0];
				total[1] += 1;
				total[2] = Math.round((total[2] + entry.cost!) * 100) / 100;
				totals.set(key, total);
			}
			return [...totals.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
		};
		let readAllTimeRows = false;
		const readsAllTime = (query: { bindings?: unknown[] }) => {
			if (query.bindings?.some((value) => value === 'a' || value === 'c')) readAllTimeRows = true;
		};
		t.db.on('query', readsAllTime);
		try {
			for (const groupBy of ['contact', 'company'] as const) {
				for (const [from, to, complement] of [
					['2026-02-10T14:07:00Z', '2026-11-20T09:13:00Z', true],
					['2026-02-10T14:07:00Z', undefined, true],
					[undefined, '2026-03-15T00:00:00Z', false],
					['2026-05-03T00:00:00Z', '2026-05-25T12:00:00Z', false],
				] as const) {
					readAllTimeRows = false;
					const groups = await logStatistics(t.db, {
						groupBy,
						dateFrom: from,
						dateTo: to,
						timeZone: 'UTC',
					});
					expect([groupBy, from, to, sums(groups)]).toEqual([
						groupBy,
						from,
						to,
						expected(groupBy, from, to),
					]);
					expect([groupBy, from, to, readAllTimeRows]).toEqual([groupBy, from, to, complement]);
				}
			}
		} finally {
			t.db.removeListener('query', readsAllTime);
		}
	});

	it('gives nothing for an empty log or a range without entries', async () => {
		expect(await logStatistics(t.db, { groupBy: 'month', timeZone: 'UTC' })).toEqual([]);
		await seedEntries(t.db, [{ occurred_at: '2026-11-10T12:00:00Z' }]);
		expect(
			await logStatistics(t.db, { groupBy: 'day', dateFrom: '2027-01-01', timeZone: 'UTC' }),
		).toEqual([]);
	});

	it.each([
		[{ groupBy: 'colour' }, 'groupBy'],
		[{ groupBy: '' }, 'groupBy'],
		[{ groupBy: 'day', dateFrom: 'yesterday' }, 'dateFrom'],
		[{ groupBy: 'day', dateFrom: '2026-11-05', dateTo: '2026-11-01' }, 'dateTo'],
	])('refuses %j naming %s', async (input, field) => {
		await expect(logStatistics(t.db, { timeZone: 'UTC', ...input })).rejects.toMatchObject({
			code: 'VALIDATION',
			details: { field },
		});
	});
});
