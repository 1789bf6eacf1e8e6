import type { Knex } from 'knex';

import { readDateRange, type DateRange } from '../core';
import { validationError } from '../core';
import { readOptionalChoice } from '../core';
import { periodsBetween, type Period, type PeriodUnit } from './periods';
import type { BucketLevel } from './rollup';
import { anchoredTerms, type Term } from './rollup-pieces';
import { bucketsRead, readCost, SUM_SOURCES, sumTerms, type SumSource } from './rollup-sums';
import { isoInZone, readZone } from '../core';
import { LOG_ENTRIES_TABLE } from '../db';

/** What statistics can be grouped by: a dimension of the entry, or a period. */
export const STATISTICS_GROUPINGS = [
	'template',
	'group',
	'salesperson',
	'campaign',
	'contact',
	'company',
	'day',
	'week',
	'month',
] as const;
export type StatisticsGroupBy = (typeof STATISTICS_GROUPINGS)[number];

export interface StatisticsInput {
	readonly groupBy: unknown;
	/** Date filter, read in `timeZone`; see `readDateRange`. */
	readonly dateFrom?: unknown;
	readonly dateTo?: unknown;
	/** The workflow's time zone: periods and dates without an offset are local there. */
	readonly timeZone: string;
}

/**
 * Number of interactions, cost and duration of one group (docs/domain.md#s2, docs/domain.md#s3,
 * docs/domain.md#s12 flow fields).
 */
export interface StatisticsGroup {
	readonly groupBy: StatisticsGroupBy;
	/**
	 * The template, group, salesperson or campaign code, contact or company number (null for
	 * entries without one); for a period its label: `2026-11-02`, `2026-W45`, `2026-11`.
	 */
	readonly key: string | null;
	/** Template or group description, contact or company name, when there is one. */
	readonly name: string | null;
	/** A period's bounds in the time zone (start inclusive, end exclusive); null otherwise. */
	readonly periodStart: string | null;
	readonly periodEnd: string | null;
	readonly noOfInteractions: number;
	readonly cost: number;
	readonly durationMin: number;
}

const PERIOD_GROUPINGS: readonly StatisticsGroupBy[] = ['day', 'week', 'month'];

function readGroupBy(value: unknown): StatisticsGroupBy {
	const groupBy = readOptionalChoice('groupBy', value, STATISTICS_GROUPINGS);
	if (groupBy === null) {
		throw validationError(
			'groupBy',
			value,
			'groupBy is required',
			`Use one of ${STATISTICS_GROUPINGS.join(', ')}.`,
		);
	}
	return groupBy;
}

/**
 * The terms of one group over the range: the all-time rows when the source has them and nothing
 * is filtered; otherwise anchored at the source's coarsest level.
 */
function rangeTerms(source: SumSource, from: number | null, to: number | null): Term[] {
	if (source.allTime !== null && from === null && to === null) {
		return [allTimeTerm(source.allTime)];
	}
	const [anchor, ...finer] = source.levels;
	return anchoredTerms([from, to], anchor, finer);
}

const allTimeTerm = (level: BucketLevel): Term => ({
	pieces: [{ kind: 'buckets', level, from: null, to: null }],
	adds: [{ segment: 0, sign: 1 }],
});

/**
 * The same sums as rangeTerms, read as their complement: the all-time rows minus what lies
 * before and after the range. The stretches around the range are anchored as the range itself
 * would be, so both read the same entries at its ends; a term's sign here is minus what it
 * adds to the stretches outside.
 */
function complementTerms(source: SumSource, from: number | null, to: number | null): Term[] {
	const [anchor, ...finer] = source.levels;
	const boundaries = [null, from, to, null].filter((time, i) => time !== null || i % 3 === 0);
	const inside = from === null ? 0 : 1;
	const terms = [allTimeTerm(source.allTime!)];
	for (const term of anchoredTerms(boundaries, anchor, finer)) {
		const outside = term.adds.reduce(
			(sum, add) => (add.segment === inside ? sum : sum + add.sign),
			0,
		);
		if (outside !== 0) terms.push({ pieces: term.pieces, adds: [{ segment: 0, sign: -outside }] });
	}
	return terms;
}

/**
 * One term per sign, for the terms of a single group: a term's pieces are summed per key as one,
 * so a contact's months before and after a range come back as one row, not two.
 */
function mergedBySign(terms: readonly Term[]): Term[] {
	const bySign = new Map<number, Term>();
	for (const term of terms) {
		const [{ sign }] = term.adds;
		const merged = bySign.get(sign);
		bySign.set(sign, merged ? { ...merged, pieces: [...merged.pieces, ...term.pieces] } : term);
	}
	return [...bySign.values()];
}

/** The terms with unbounded pieces cut to the log's extent: only for estimating what they read. */
const withinExtent = (terms: readonly Term[], extent: { from: number; to: number }): Term[] =>
	terms.map((term) => ({
		adds: term.adds,
		pieces: term.pieces.map((piece) => ({
			...piece,
			from: Math.min(Math.max(piece.from ?? extent.from, extent.from), extent.to),
			to: Math.max(Math.min(piece.to ?? extent.to, extent.to), extent.from),
		})),
	}));

/**
 * The terms of a filtered range over a source with all-time rows: the range's own rows or, where
 * the range covers most of the log (the last twelve months of two years by company), the
 * all-time rows minus the rows around it, whichever reads fewer.
 */
async function cheaperRangeTerms(db: Knex, source: SumSource, range: DateRange): Promise<Term[]> {
	const [from, to] = [range.from?.toMillis() ?? null, range.to?.toMillis() ?? null];
	const direct = mergedBySign(rangeTerms(source, from, to));
	if (source.allTime === null || (from === null && to === null)) return direct;
	const extent = await logExtent(db);
	if (extent === undefined) return direct;
	const complement = mergedBySign(complementTerms(source, from, to));
	return bucketsRead(withinExtent(complement, extent)) < bucketsRead(withinExtent(direct, extent))
		? complement
		: direct;
}

/**
 * The levels a period's boundaries may be anchored at: whole months for months; whole days, or
 * whole hours where days would need long finer corrections (a day in Kolkata starts 18:30 UTC,
 * 5.5 hours from a UTC day; from the nearest hour it is half an hour). readCost decides.
 */
const PERIOD_ANCHORS: Record<PeriodUnit, readonly BucketLevel[]> = {
	day: ['d', 'h'],
	week: ['d', 'h'],
	month: ['m', 'd'],
};

/** The terms of the groups between `boundaries`, anchored where they cost least to read. */
function cheapestTerms(boundaries: readonly number[], unit: PeriodUnit): Term[] {
	const levels = SUM_SOURCES.all.levels;
	let cheapest: { terms: Term[]; cost: number } | undefined;
	for (const anchor of PERIOD_ANCHORS[unit]) {
		const finer = levels.slice(levels.indexOf(anchor as (typeof levels)[number]) + 1);
		const terms = anchoredTerms(boundaries, anchor, finer);
		const cost = readCost(terms);
		if (cheapest === undefined || cost < cheapest.cost) cheapest = { terms, cost };
	}
	return cheapest!.terms;
}

/**
 * The first and last instant of the log (canceled entries too: a wider extent only adds periods
 * without sums, which are left out), from the ends of the occurred_at index.
 */
async function logExtent(db: Knex): Promise<{ from: number; to: number } | undefined> {
	const [extent]: { first: Date | null; last: Date | null }[] = await db(LOG_ENTRIES_TABLE)
		.min({ first: 'occurred_at' })
		.max({ last: 'occurred_at' });
	if (!extent?.first || !extent.last) return undefined;
	return { from: extent.first.getTime(), to: extent.last.getTime() + 1 };
}

async function periodStatistics(
	db: Knex,
	unit: PeriodUnit,
	range: DateRange,
	zone: string,
): Promise<StatisticsGroup[]> {
	const extent = await logExtent(db);
	if (!extent) return [];
	const from = Math.max(range.from?.toMillis() ?? -Infinity, extent.from);
	const to = Math.min(range.to?.toMillis() ?? Infinity, extent.to);
	if (from >= to) return [];
	const periods: Period[] = periodsBetween(from, to, unit, zone);
	const boundaries = [from, ...periods.slice(0, -1).map((period) => period.end), to];
	const sums = await sumTerms(db, SUM_SOURCES.all, cheapestTerms(boundaries, unit));
	// A period ends where the next starts: each boundary written once.
	const boundaryTexts: string[] = [];
	const boundaryText = (index: number) =>
		(boundaryTexts[index] ??= isoInZone(
			index < periods.length ? periods[index].start : periods[index - 1].end,
			zone,
		));
	return sums.map((sum) => {
		const period = periods[sum.segment];
		return {
			groupBy: unit,
			key: period.label,
			name: null,
			periodStart: boundaryText(sum.segment),
			periodEnd: boundaryText(sum.segment + 1),
			noOfInteractions: sum.entryCount,
			cost: sum.cost,
			durationMin: sum.durationMin,
		};
	});
}

/**
 * Number of interactions, cost and duration (docs/domain.md#s12) grouped by template, group,
 * salesperson, campaign, contact (its own entries), company (its entries and its persons'), or by
 * day, week (from Monday) or month in the workflow's time zone, within an optional date filter.
 * Canceled and postponed entries do not count. Read from the maintained sums (the rollup) in
 * whole buckets (see anchoredTerms), with only the edges narrower than a bucket counted from the
 * entries, so the work grows with the number of groups and periods, not with the size of the log.
 *
 * ### Examples
 * ```ts
 * await logStatistics(db, { groupBy: 'month', dateFrom: '2026-01-01', timeZone: 'Asia/Kolkata' });
 * // → [{ groupBy: 'month', key: '2026-01', periodStart: '2026-01-01T00:00:00.000+05:30',
 * //      noOfInteractions: 412, cost: 1030.5, durationMin: 6180, … }, …]
 * ```
 */
export async function logStatistics(db: Knex, input: StatisticsInput): Promise<StatisticsGroup[]> {
	const groupBy = readGroupBy(input.groupBy);
	const zone = readZone('timeZone', input.timeZone);
	const range = readDateRange({ from: input.dateFrom, to: input.dateTo }, zone);
	if (PERIOD_GROUPINGS.includes(groupBy)) {
		return await periodStatistics(db, groupBy as PeriodUnit, range, zone);
	}
	const source: SumSource = SUM_SOURCES[groupBy as Exclude<StatisticsGroupBy, PeriodUnit>];
	const sums = await sumTerms(db, source, await cheaperRangeTerms(db, source, range));
	return sums.map((sum) => ({
		groupBy,
		key: sum.key,
		name: sum.name,
		periodStart: null,
		periodEnd: null,
		noOfInteractions: sum.entryCount,
		cost: sum.cost,
		durationMin: sum.durationMin,
	}));
}
