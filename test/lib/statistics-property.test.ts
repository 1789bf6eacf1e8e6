import fc from 'fast-check';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';

import { cancelEntries, restoreEntries } from '../../lib/log';
import { purgeCanceled } from '../../lib/purge';
import { checkRollup, foldRollup } from '../../lib/statistics';
import { logStatistics, STATISTICS_GROUPINGS, type StatisticsGroupBy } from '../../lib/statistics';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries, type SeedEntry } from '../support/seed-entries';

// Two weeks around the end of March 2026: a month end, and Berlin's and Adelaide's clock changes.
const BASE = Date.parse('2026-03-24T00:00:00Z');
const MINUTES = 14 * 24 * 60;
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns'];

const minuteArb = fc.integer({ min: 0, max: MINUTES });
const timeOf = (minute: number) => new Date(BASE + minute * 60_000).toISOString();

const entryArb = fc.record({
	minute: minuteArb,
	template: fc.constantFrom('A', 'B', 'C'),
	group: fc.constantFrom('G1', 'G2'),
	salesperson: fc.constantFrom(null, 'S1', 'S2'),
	campaign: fc.constantFrom(null, 'K1'),
	contact: fc.constantFrom(['P1', 'C1'], ['P2', 'C1'], ['C1', 'C1'], ['P3', 'C2'], [null, null]),
	cents: fc.integer({ min: 0, max: 10_000 }),
	duration: fc.integer({ min: 0, max: 120 }),
	postponed: fc.constantFrom(false, false, false, true),
});

const picksArb = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });

const opArb = fc.oneof(
	fc.record({
		kind: fc.constant('record' as const),
		entries: fc.array(entryArb, { maxLength: 8 }),
	}),
	fc.record({ kind: fc.constant('cancel' as const), picks: picksArb }),
	fc.record({ kind: fc.constant('restore' as const), picks: picksArb }),
	fc.record({ kind: fc.constant('purge' as const), picks: picksArb }),
	fc.record({
		kind: fc.constant('change' as const),
		pick: fc.nat(),
		minute: minuteArb,
		template: fc.constantFrom('A', 'D'),
		cents: fc.integer({ min: 0, max: 10_000 }),
	}),
	// Entries moved to another contact (as an erasure re-points them to a pseudonym).
	fc.record({ kind: fc.constant('repoint' as const), picks: picksArb }),
	// The deltas folded into the sum rows at some point between writes.
	fc.record({ kind: fc.constant('fold' as const) }),
);

const queryArb = fc.record({
	groupBy: fc.constantFrom(...STATISTICS_GROUPINGS),
	zone: fc.constantFrom(...ZONES),
	from: fc.option(minuteArb),
	to: fc.option(minuteArb),
});

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function toSeed(entry: typeof entryArb extends fc.Arbitrary<infer T> ? T : never): SeedEntry {
	return {
		occurred_at: timeOf(entry.minute),
		template_code: entry.template,
		group_code: entry.group,
		salesperson_code: entry.salesperson,
		campaign_no: entry.campaign,
		contact_no: entry.contact[0],
		contact_company_no: entry.contact[1],
		cost: entry.cents / 100,
		duration_min: entry.duration,
		postponed: entry.postponed,
	};
}

async function apply(db: Knex, op: Op) {
	const numbers: number[] = await db('interaction_log_entries')
		.orderBy('entry_no')
		.pluck('entry_no');
	const pick = (index: number) => Number(numbers[index % numbers.length]);
	if (op.kind === 'record') await seedEntries(db, op.entries.map(toSeed));
	if (op.kind === 'fold') await foldRollup(db);
	if (numbers.length === 0) return;
	if (op.kind === 'repoint') {
		await db('interaction_log_entries')
			.whereIn('entry_no', op.picks.map(pick))
			.update({ contact_no: 'X1', contact_company_no: 'X1' });
	}
	if (op.kind === 'cancel') await cancelEntries(db, { entryNos: op.picks.map(pick) });
	if (op.kind === 'restore') await restoreEntries(db, { entryNos: op.picks.map(pick) });
	if (op.kind === 'purge' && op.picks[0] % 2 === 0) {
		// The purge of the library: canceled entries in a range of entry numbers.
		const range = op.picks.map(pick).sort((a, b) => a - b);
		await purgeCanceled(db, {
			filters: { entryNoFrom: range[0], entryNoTo: range.at(-1) },
			dryRun: false,
		});
	} else if (op.kind === 'purge') {
		await db('interaction_log_entries')
			.whereIn('entry_no', op.picks.map(pick))
			.where({ canceled: true })
			.delete();
	}
	if (op.kind === 'change') {
		await db('interaction_log_entries')
			.where({ entry_no: pick(op.pick) })
			.update({ occurred_at: timeOf(op.minute), template_code: op.template, cost: op.cents / 100 });
	}
}

interface CountedEntry {
	occurred_at: Date;
	template_code: string;
	group_code: string;
	salesperson_code: string | null;
	campaign_no: string | null;
	contact_no: string | null;
	contact_company_no: string | null;
	cost: number;
	duration_min: number;
}

const KEY_OF: Record<StatisticsGroupBy, (entry: CountedEntry, zone: string) => string | null> = {
	template: (e) => e.template_code,
	group: (e) => e.group_code,
	salesperson: (e) => e.salesperson_code,
	campaign: (e) => e.campaign_no,
	contact: (e) => e.contact_no,
	company: (e) => e.contact_company_no,
	day: (e, zone) => DateTime.fromJSDate(e.occurred_at).setZone(zone).toFormat('yyyy-MM-dd'),
	week: (e, zone) => DateTime.fromJSDate(e.occurred_at).setZone(zone).toFormat("kkkk-'W'WW"),
	month: (e, zone) => DateTime.fromJSDate(e.occurred_at).setZone(zone).toFormat('yyyy-MM'),
};

/** The plain recomputation: every entry that counts, grouped in JavaScript. */
async function recompute(
	db: Knex,
	groupBy: StatisticsGroupBy,
	zone: string,
	from?: number,
	to?: number,
) {
	const entries: CountedEntry[] = await db('interaction_log_entries').where({
		canceled: false,
		postponed: false,
	});
	const groups = new Map<string | null, { n: number; cents: number; duration: number }>();
	for (const entry of entries) {
		const time = entry.occurred_at.getTime();
		if ((from !== undefined && time < from) || (to !== undefined && time >= to)) continue;
		const key = KEY_OF[groupBy](entry, zone);
		const group = groups.get(key) ?? { n: 0, cents: 0, duration: 0 };
		groups.set(key, {
			n: group.n + 1,
			cents: group.cents + Math.round(Number(entry.cost) * 100),
			duration: group.duration + Number(entry.duration_min),
		});
	}
	return [...groups].map(([key, g]) => [key, g.n, g.cents, g.duration]).sort(byKey);
}

const byKey = (a: unknown[], b: unknown[]) => String(a[0] ?? '').localeCompare(String(b[0] ?? ''));

describe.each(BACKENDS)('%s: statistics after random writes', (backend) => {
	const t = useTestDatabase(backend);

	it('match a plain recomputation from the entries, and the rollup check finds no difference', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(opArb, { minLength: 1, maxLength: 8 }),
				fc.array(queryArb, { minLength: 1, maxLength: 4 }),
				async (ops, queries) => {
					await resetData(t.db);
					for (const op of ops) await apply(t.db, op);
					expect(await checkRollup(t.db)).toMatchObject({ consistent: true });
					for (const query of queries) {
						const [a, b] = [query.from, query.to].map((m) =>
							m === null ? undefined : BASE + m * 60_000,
						);
						const [from, to] =
							a !== undefined && b !== undefined && a >= b ? [b, a + 60_000] : [a, b];
						const groups = await logStatistics(t.db, {
							groupBy: query.groupBy,
							timeZone: query.zone,
							dateFrom: from === undefined ? undefined : new Date(from).toISOString(),
							dateTo: to === undefined ? undefined : new Date(to).toISOString(),
						});
						const actual = groups
							.map((g) => [g.key, g.noOfInteractions, Math.round(g.cost * 100), g.durationMin])
							.sort(byKey);
						expect(actual).toEqual(await recompute(t.db, query.groupBy, query.zone, from, to));
					}
				},
			),
			{ numRuns: backend === 'pglite' ? 15 : 25 },
		);
	});
});
