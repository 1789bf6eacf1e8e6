import type { Knex } from 'knex';

import { sqlArray } from '../core';
import {
	CONTACT_ROLLUP_TABLE,
	CONTACTS_TABLE,
	GROUPS_TABLE,
	LOG_ENTRIES_TABLE,
	ROLLUP_DELTAS_TABLE,
	ROLLUP_TABLE,
	TEMPLATES_TABLE,
} from '../db';
import { CONTACT_ROLLUP_LEVELS, ROLLUP_LEVELS, type BucketLevel } from './rollup';
import type { Piece } from './rollup-pieces';

/**
 * Where the sums of one grouping come from: the rollup rows and their key, the entry column that
 * gives the same key for the remainders, and where the key's name is looked up. Every fragment is
 * a constant of this module: no user value reaches the SQL text.
 */
export interface SumSource {
	readonly rollup: string;
	readonly rollupWhere: string;
	readonly rollupKey: string;
	/** The entry column summed by (also a column of the deltas); null for the whole log. */
	readonly entryColumn: string | null;
	/** Levels coarse to fine; `allTime`: the source has an all-time row (level `a`). */
	readonly levels: readonly BucketLevel[];
	readonly allTime: boolean;
	readonly names?: { readonly table: string; readonly key: string; readonly name: string };
}

const dimension = (name: string, entryColumn: string | null, levels: readonly BucketLevel[]) => ({
	rollup: ROLLUP_TABLE,
	rollupWhere: `r.dimension = '${name}'`,
	rollupKey: 'r.dimension_value',
	entryColumn,
	levels,
	allTime: false,
});

const CONTACT_NAMES = { table: CONTACTS_TABLE, key: 'contact_no', name: 'name' };

/** The sources of the statistics groupings (docs/domain.md#s12). */
export const SUM_SOURCES = {
	// The whole log: no key (the empty text), grouped by period.
	all: dimension('all', null, ROLLUP_LEVELS.all),
	template: {
		...dimension('template', 'template_code', ROLLUP_LEVELS.template),
		names: { table: TEMPLATES_TABLE, key: 'code', name: 'description' },
	},
	group: {
		...dimension('group', 'group_code', ROLLUP_LEVELS.group),
		names: { table: GROUPS_TABLE, key: 'code', name: 'description' },
	},
	salesperson: dimension('salesperson', 'salesperson_code', ROLLUP_LEVELS.salesperson),
	campaign: dimension('campaign', 'campaign_no', ROLLUP_LEVELS.campaign),
	contact: {
		rollup: CONTACT_ROLLUP_TABLE,
		rollupWhere: 'true',
		rollupKey: 'r.contact_no',
		entryColumn: 'contact_no',
		levels: CONTACT_ROLLUP_LEVELS,
		allTime: true,
		names: CONTACT_NAMES,
	},
	company: {
		rollup: CONTACT_ROLLUP_TABLE,
		rollupWhere: 'true',
		rollupKey: 'r.contact_company_no',
		entryColumn: 'contact_company_no',
		levels: CONTACT_ROLLUP_LEVELS,
		allTime: true,
		names: CONTACT_NAMES,
	},
} satisfies Record<string, SumSource>;

export interface SegmentPiece {
	/** Which output group (a period) the piece adds to; 0 when there is one. */
	readonly segment: number;
	readonly piece: Piece;
}

export interface SegmentSums {
	readonly segment: number;
	/** The code or number summed by; null for entries without one (and for `all`). */
	readonly key: string | null;
	readonly name: string | null;
	readonly entryCount: number;
	readonly cost: number;
	readonly durationMin: number;
}

interface SumsRow {
	segment: number;
	key: string;
	name: string | null;
	entry_count: number;
	cost: number;
	duration: number;
}

// The key of an entry or delta (alias) as the rollup writes it: '' for none.
const keyOf = (source: SumSource, alias: string) =>
	source.entryColumn === null ? "''" : `coalesce(${alias}.${source.entryColumn}, '')`;

const bound = (time: number | null, open: string) =>
	time === null ? open : new Date(time).toISOString();

interface BucketSpan {
	readonly segment: number;
	readonly level: BucketLevel;
	readonly from: number | null;
	readonly to: number | null;
}

const startOf = (span: { from: number | null }) => span.from ?? -Infinity;
const endOf = (span: { to: number | null }) => span.to ?? Infinity;

/** The bucket pieces, sorted by start: they never overlap, whatever their level and segment. */
function bucketSpans(pieces: readonly SegmentPiece[]): BucketSpan[] {
	return pieces
		.flatMap(({ segment, piece }) =>
			piece.kind === 'buckets'
				? [{ segment, level: piece.level, from: piece.from, to: piece.to }]
				: [],
		)
		.sort((a, b) => startOf(a) - startOf(b));
}

/**
 * The index range scans that read the bucket pieces: a level whose pieces cover at least half of
 * the time from its first piece to its last is read in one scan over that time (two years of
 * days in Berlin: 24 hour rows a day, one scan instead of 730); the pieces of a sparse level are
 * each read by a scan of their own, adjacent ones merged.
 */
function scansOf(spans: readonly BucketSpan[]) {
	const scans: { level: BucketLevel; from: number | null; to: number | null }[] = [];
	const levels = [...new Set(spans.map((span) => span.level))];
	for (const level of levels) {
		const ofLevel = spans.filter((span) => span.level === level);
		const first = ofLevel[0];
		const last = ofLevel[ofLevel.length - 1];
		const covered = ofLevel.reduce((sum, span) => sum + (endOf(span) - startOf(span)), 0);
		if (covered >= (endOf(last) - startOf(first)) / 2) {
			scans.push({ level, from: first.from, to: last.to });
			continue;
		}
		for (const span of ofLevel) {
			const previous = scans[scans.length - 1];
			if (previous?.level === level && previous.to !== null && previous.to === span.from) {
				scans[scans.length - 1] = { ...previous, to: span.to };
			} else scans.push({ level, from: span.from, to: span.to });
		}
	}
	return scans;
}

// The rows of each scan are an index range scan: a lateral subquery that the planner may not
// flatten (offset 0), since it misjudges range joins against a list of ranges and would rather
// scan the whole table. A row belongs to the piece whose start is the last at or before its
// bucket start (width_bucket's binary search over the sorted starts), if it ends after the row
// starts and has the row's level. bucket_level is char(1): the levels are bound as bpchar, not
// text, or the comparison would cast the column and the primary key could not serve it.
function bucketPart(source: SumSource, pieces: readonly SegmentPiece[]) {
	const spans = bucketSpans(pieces);
	if (spans.length === 0) return undefined;
	const scans = scansOf(spans);
	return {
		sql: `select (?::int[])[b.piece] as segment, b.key, sum(b.entry_count) as entry_count,
			sum(b.cost_sum) as cost, sum(b.duration_sum) as duration
		from unnest(?::bpchar[], ?::timestamptz[], ?::timestamptz[]) s (bucket_level, from_at, to_at)
		cross join lateral (
			select ${source.rollupKey} as key, r.entry_count, r.cost_sum, r.duration_sum,
				r.bucket_level, r.bucket_start, width_bucket(r.bucket_start, ?::timestamptz[]) as piece
			from ${source.rollup} r
			where ${source.rollupWhere} and r.bucket_level = s.bucket_level
				and r.bucket_start >= s.from_at and r.bucket_start < s.to_at
			offset 0
		) b
		where b.piece > 0 and b.bucket_start < (?::timestamptz[])[b.piece]
			and b.bucket_level = (?::bpchar[])[b.piece]
		group by 1, 2`,
		bindings: [
			sqlArray(spans.map((span) => span.segment)),
			sqlArray(scans.map((scan) => scan.level)),
			sqlArray(scans.map((scan) => bound(scan.from, '-infinity'))),
			sqlArray(scans.map((scan) => bound(scan.to, 'infinity'))),
			sqlArray(spans.map((span) => bound(span.from, '-infinity'))),
			sqlArray(spans.map((span) => bound(span.to, 'infinity'))),
			sqlArray(spans.map((span) => span.level)),
		],
	};
}

// The deltas not folded yet that fall in the bucket pieces, added to the folded sums in the same
// statement (one snapshot: a fold commits its deletion of deltas and its additions to the sums
// together). Each delta falls in at most one piece, found as for the rows.
function deltaPart(source: SumSource, pieces: readonly SegmentPiece[]) {
	const spans = bucketSpans(pieces);
	if (spans.length === 0) return undefined;
	return {
		sql: `select (?::int[])[d.piece] as segment, d.key, sum(d.sign) as entry_count,
			sum(d.sign * d.cost) as cost, sum(d.sign * d.duration_min) as duration
		from (
			select ${keyOf(source, 'd')} as key, d.sign, d.cost, d.duration_min, d.occurred_at,
				width_bucket(d.occurred_at, ?::timestamptz[]) as piece
			from ${ROLLUP_DELTAS_TABLE} d
		) d
		where d.piece > 0 and d.occurred_at < (?::timestamptz[])[d.piece]
		group by 1, 2`,
		bindings: [
			sqlArray(spans.map((span) => span.segment)),
			sqlArray(spans.map((span) => bound(span.from, '-infinity'))),
			sqlArray(spans.map((span) => bound(span.to, 'infinity'))),
		],
	};
}

function entryPart(source: SumSource, pieces: readonly SegmentPiece[]) {
	const remainders = pieces.flatMap(({ segment, piece }) =>
		piece.kind === 'entries' ? [{ segment, ...piece }] : [],
	);
	if (remainders.length === 0) return undefined;
	return {
		sql: `select p.segment, x.key, count(*) as entry_count, sum(x.cost) as cost,
			sum(x.duration_min) as duration
		from unnest(?::int[], ?::timestamptz[], ?::timestamptz[]) p (segment, from_at, to_at)
		cross join lateral (
			select ${keyOf(source, 'e')} as key, e.cost, e.duration_min
			from ${LOG_ENTRIES_TABLE} e
			where e.occurred_at >= p.from_at and e.occurred_at < p.to_at
				and not e.canceled and not e.postponed
			offset 0
		) x
		group by 1, 2`,
		bindings: [
			sqlArray(remainders.map((r) => r.segment)),
			sqlArray(remainders.map((r) => bound(r.from, '-infinity'))),
			sqlArray(remainders.map((r) => bound(r.to, 'infinity'))),
		],
	};
}

/**
 * Adds up the pieces of each segment per key: whole rollup buckets from the maintained sums (the
 * folded rows and the deltas not folded yet), the remainders from the entries that count
 * (docs/domain.md#s12: neither canceled nor postponed). Keys
 * with no entry left are dropped; names come from the key's table when the source has one.
 */
export async function sumPieces(
	db: Knex,
	source: SumSource,
	pieces: readonly SegmentPiece[],
): Promise<SegmentSums[]> {
	const parts = [
		bucketPart(source, pieces),
		deltaPart(source, pieces),
		entryPart(source, pieces),
	].filter((part) => part !== undefined);
	if (parts.length === 0) return [];
	const names = source.names;
	const sql = `select s.*, ${names ? `n.${names.name}` : 'null'} as name
	from (
		select x.segment, x.key, sum(x.entry_count) as entry_count, sum(x.cost) as cost,
			sum(x.duration) as duration
		from (${parts.map((part) => part.sql).join('\nunion all\n')}) x
		group by 1, 2
		having sum(x.entry_count) > 0
	) s
	${names ? `left join ${names.table} n on n.${names.key} = s.key` : ''}
	order by s.segment, s.key`;
	const { rows } = await db.raw<{ rows: SumsRow[] }>(
		sql,
		parts.flatMap((part) => part.bindings),
	);
	return rows.map((row) => ({
		segment: Number(row.segment),
		key: row.key === '' ? null : row.key,
		name: row.name,
		entryCount: Number(row.entry_count),
		cost: Number(row.cost),
		durationMin: Number(row.duration),
	}));
}
