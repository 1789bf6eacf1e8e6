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
import {
	COMPANY_ROLLUP_LEVELS,
	CONTACT_ROLLUP_LEVELS,
	ROLLUP_LEVELS,
	type BucketLevel,
} from './rollup';
import { bucketCeil, FIXED_LENGTH_MS, type Term } from './rollup-pieces';

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
	/** Levels coarse to fine. */
	readonly levels: readonly BucketLevel[];
	/** The level of the source's all-time rows, one per key: `a` per contact, `c` per company. */
	readonly allTime: BucketLevel | null;
	readonly names?: { readonly table: string; readonly key: string; readonly name: string };
}

const dimension = (name: string, entryColumn: string | null, levels: readonly BucketLevel[]) => ({
	rollup: ROLLUP_TABLE,
	rollupWhere: `r.dimension = '${name}'`,
	rollupKey: 'r.dimension_value',
	entryColumn,
	levels,
	allTime: null,
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
		allTime: 'a',
		names: CONTACT_NAMES,
	},
	company: {
		rollup: CONTACT_ROLLUP_TABLE,
		rollupWhere: 'true',
		rollupKey: 'r.contact_company_no',
		entryColumn: 'contact_company_no',
		levels: COMPANY_ROLLUP_LEVELS,
		allTime: 'c',
		names: CONTACT_NAMES,
	},
} satisfies Record<string, SumSource>;

export interface SegmentSums {
	/** Which output group (a period; 0 when there is one). */
	readonly segment: number;
	/** The code or number summed by; null for entries without one (and for `all`). */
	readonly key: string | null;
	readonly name: string | null;
	readonly entryCount: number;
	readonly cost: number;
	readonly durationMin: number;
}

/** A row of sums as sumTerms reads it: an array, its columns in the order the query gives. */
type TermSumsRow = readonly (string | number | null)[];

interface Part {
	readonly sql: string;
	readonly bindings: Knex.RawBinding[];
}

// The key of an entry or delta (alias) as the rollup writes it: '' for none.
const keyOf = (source: SumSource, alias: string) =>
	source.entryColumn === null ? "''" : `coalesce(${alias}.${source.entryColumn}, '')`;

const bound = (time: number | null, open: string) =>
	time === null ? open : new Date(time).toISOString();

// Bucket bounds travel as epoch seconds: arrays of numbers are cheap to write and for PostgreSQL to
// read, where thousands of timestamps in text were not. Rollup buckets start on whole minutes.
const seconds = (time: number | null, open: number) => (time === null ? open : time / 1000);
const epochArray = (times: readonly number[]) =>
	`{${times.map((time) => (Number.isFinite(time) ? String(time) : time > 0 ? 'Infinity' : '-Infinity')).join(',')}}`;

interface LevelSpan {
	readonly term: number;
	readonly from: number | null;
	readonly to: number | null;
}

const startOf = (span: { from: number | null }) => span.from ?? -Infinity;
const endOf = (span: { to: number | null }) => span.to ?? Infinity;

/** The bucket pieces of the terms by level, each level's sorted by start (they never overlap). */
function spansByLevel(terms: readonly Term[]): Map<BucketLevel, LevelSpan[]> {
	const levels = new Map<BucketLevel, LevelSpan[]>();
	terms.forEach((term, index) => {
		for (const piece of term.pieces) {
			if (piece.kind !== 'buckets') continue;
			const spans = levels.get(piece.level) ?? [];
			spans.push({ term: index, from: piece.from, to: piece.to });
			levels.set(piece.level, spans);
		}
	});
	for (const spans of levels.values()) spans.sort((a, b) => startOf(a) - startOf(b));
	return levels;
}

// A level whose pieces cover less than this share of the time from its first to its last is read
// piece by piece (an index probe or a short range scan each, e.g. the hours that correct two years
// of days) instead of by one range scan.
const SPARSE_SHARE = 0.25;

// A keyed level has a row per key in each bucket, thousands for contacts: there a range scan per
// piece costs little beside its rows, and any gap between pieces is worth skipping (the months
// before and after a range, when it is read as the all-time rows minus those).
const isSparse = (spans: readonly LevelSpan[], keyed: boolean) => {
	if (keyed) return spans.some((span, i) => i > 0 && endOf(spans[i - 1]) < startOf(span));
	const [first, last] = [spans[0], spans[spans.length - 1]];
	if (first.from === null || last.to === null) return false;
	const covered = spans.reduce((sum, span) => sum + (endOf(span) - startOf(span)), 0);
	return covered < SPARSE_SHARE * (last.to - first.from);
};

// What reading the rollup costs on PostgreSQL, in microseconds (measured on a log of 1,000,000
// entries, rows in memory): a primary-key probe or the start of a range scan, a row within a
// probed range, and a row of a scanned level (its term found by width_bucket, then added up).
// Only the ratios matter: they pick the cheaper of two ways to read the same groups.
const PROBE_COST = 6;
const PROBED_ROW_COST = 0.3;
const SCANNED_ROW_COST = 1.5;

const MEAN_MONTH_MS = 2_629_746_000; // months differ: this only estimates

/** Whether `level` holds all-time rows: one bucket, with no start. */
const isAllTime = (level: BucketLevel) => level === 'a' || level === 'c';

/** About how many buckets of `level` lie between `from` and `to`. */
const bucketCount = (level: BucketLevel, from: number, to: number) =>
	isAllTime(level)
		? 1
		: Math.max(1, Math.round((to - from) / (FIXED_LENGTH_MS[level] ?? MEAN_MONTH_MS)));

/**
 * About how many buckets the (bounded) terms read, the all-time rows counted as one: for a keyed
 * source, whose buckets hold a row per key, the rows read in units of a bucket's keys.
 */
export function bucketsRead(terms: readonly Term[]): number {
	let buckets = 0;
	for (const term of terms) {
		for (const piece of term.pieces) {
			if (piece.kind === 'buckets')
				buckets += bucketCount(piece.level, startOf(piece), endOf(piece));
		}
	}
	return buckets;
}

/**
 * About what reading the terms' rows of the whole log costs (microseconds, a row a bucket), read
 * as sumTerms reads them: a sparse level by probes, a dense one by one range scan; a piece counted
 * from the entries as one probe. For choosing between terms that add up the same groups.
 */
export function readCost(terms: readonly Term[]): number {
	let cost = 0;
	for (const [level, spans] of spansByLevel(terms)) {
		const [first, last] = [spans[0], spans[spans.length - 1]];
		if (first.from === null || last.to === null) return Infinity;
		if (!isSparse(spans, false)) cost += SCANNED_ROW_COST * bucketCount(level, first.from, last.to);
		else {
			for (const span of spans) {
				cost += PROBE_COST + PROBED_ROW_COST * bucketCount(level, startOf(span), endOf(span));
			}
		}
	}
	for (const term of terms) {
		for (const piece of term.pieces) if (piece.kind === 'entries') cost += PROBE_COST;
	}
	return cost;
}

/** Every bucket of `level` in the (bounded) spans, with its term. */
function bucketsOf(spans: readonly LevelSpan[], level: BucketLevel) {
	const starts: number[] = [];
	const terms: number[] = [];
	for (const span of spans) {
		for (let time = span.from as number; time < (span.to as number);) {
			starts.push(time / 1000);
			terms.push(span.term);
			time = bucketCeil(time + 1, level);
		}
	}
	return { starts: epochArray(starts), terms: sqlArray(terms) };
}

/**
 * The term of a row (or delta) of one level, at the epoch seconds `at`: found by width_bucket's
 * binary search over the sorted piece starts; a row past its piece's end (in a gap between
 * pieces) is left out. A single piece, or pieces that follow each other, need no end check.
 */
function termOf(spans: readonly LevelSpan[], at: string, bindings: Knex.RawBinding[]) {
	if (spans.length === 1) {
		bindings.push(spans[0].term);
		return { term: '?::int', inPiece: 'true', inPieceBindings: [] };
	}
	const piece = `width_bucket(${at}, ?::float8[])`;
	const starts = epochArray(spans.map((span) => seconds(span.from, -Infinity)));
	bindings.push(sqlArray(spans.map((span) => span.term)), starts);
	const contiguous = spans.every((span, i) => i === 0 || spans[i - 1].to === span.from);
	if (contiguous) return { term: `(?::int[])[${piece}]`, inPiece: 'true', inPieceBindings: [] };
	return {
		term: `(?::int[])[${piece}]`,
		inPiece: `${at} < (?::float8[])[${piece}]`,
		inPieceBindings: [epochArray(spans.map((span) => seconds(span.to, Infinity))), starts],
	};
}

/** Whether every piece of the level is a single bucket (an all-time row is one). */
const singleBuckets = (level: BucketLevel, spans: readonly LevelSpan[]) =>
	isAllTime(level) ||
	spans.every(
		(span) => span.from !== null && span.to !== null && bucketCeil(span.from + 1, level) >= span.to,
	);

/**
 * The sums of the rows per term and key: added up in SQL where many rows make one sum; where
 * each row is a sum of its own (one bucket per piece, the row's own key), the rows as they are,
 * since sumTerms adds up per key anyway: grouping 8,000 contacts' rows, or sorting a thousand
 * probed hours, cost more than it saved.
 */
function sumsOfRows(many: boolean) {
	return many
		? {
				sums: 'sum(r.entry_count) as entry_count, sum(r.cost_sum) as cost, sum(r.duration_sum) as duration',
				groupBy: 'group by 1, 2',
			}
		: { sums: 'r.entry_count, r.cost_sum as cost, r.duration_sum as duration', groupBy: '' };
}

// The rows of one level's pieces. bucket_level is char(1): levels are bound as bpchar, not text, or
// the comparison would cast the column and the primary key could not serve it.
function levelRows(source: SumSource, level: BucketLevel, spans: readonly LevelSpan[]): Part {
	if (!isSparse(spans, source.entryColumn !== null)) return scannedRows(source, level, spans);
	return singleBuckets(level, spans)
		? probedBuckets(source, level, spans)
		: probedSpans(source, level, spans);
}

// A sparse level whose pieces are single buckets: a lateral subquery that may not be flattened
// (offset 0), one primary-key probe per bucket, where a join would read every row of the level
// into a hash table. The rows as they are (see sumsOfRows).
function probedBuckets(source: SumSource, level: BucketLevel, spans: readonly LevelSpan[]): Part {
	const { sums } = sumsOfRows(false);
	const { starts, terms } = bucketsOf(spans, level);
	return {
		sql: `select b.term, r.key, ${sums}
		from unnest(?::float8[], ?::int[]) b (start, term)
		cross join lateral (
			select ${source.rollupKey} as key, r.entry_count, r.cost_sum, r.duration_sum
			from ${source.rollup} r
			where ${source.rollupWhere} and r.bucket_level = ?::bpchar
				and r.bucket_start = to_timestamp(b.start)
			offset 0
		) r`,
		bindings: [starts, terms, level],
	};
}

// A sparse level with pieces of several buckets (the five and a half hours that move a Kolkata
// midnight to a UTC one, the months before and after a range): one primary-key range scan per
// piece. The whole log has one key: a plain sum per piece, which needs no sort. A keyed source's
// rows are added up per term and key, one row per key for the pieces of a term.
function probedSpans(source: SumSource, level: BucketLevel, spans: readonly LevelSpan[]): Part {
	const bindings = [
		epochArray(spans.map((span) => startOf(span) / 1000)),
		epochArray(spans.map((span) => endOf(span) / 1000)),
		sqlArray(spans.map((span) => span.term)),
		level,
	];
	const pieces = `unnest(?::float8[], ?::float8[], ?::int[]) s (from_at, to_at, term)`;
	const inPiece = `${source.rollupWhere} and r.bucket_level = ?::bpchar
		and r.bucket_start >= to_timestamp(s.from_at) and r.bucket_start < to_timestamp(s.to_at)`;
	if (source.entryColumn === null) {
		return {
			sql: `select s.term, r.key, r.entry_count, r.cost, r.duration
			from ${pieces}
			cross join lateral (
				select '' as key, sum(r.entry_count) as entry_count, sum(r.cost_sum) as cost,
					sum(r.duration_sum) as duration
				from ${source.rollup} r
				where ${inPiece}
				having count(*) > 0
			) r`,
			bindings,
		};
	}
	return {
		sql: `select s.term, r.key, sum(r.entry_count) as entry_count, sum(r.cost_sum) as cost,
			sum(r.duration_sum) as duration
		from ${pieces}
		cross join lateral (
			select ${source.rollupKey} as key, r.entry_count, r.cost_sum, r.duration_sum
			from ${source.rollup} r
			where ${inPiece}
			offset 0
		) r
		group by 1, 2`,
		bindings,
	};
}

// A dense level: one range scan from its first piece to its last, each row given its term.
// date_part, not extract: extract gives numeric since PostgreSQL 14, date_part the float8 that
// width_bucket compares.
function scannedRows(source: SumSource, level: BucketLevel, spans: readonly LevelSpan[]): Part {
	const { sums, groupBy } = sumsOfRows(!singleBuckets(level, spans));
	const bindings: Knex.RawBinding[] = [];
	const at = "date_part('epoch', r.bucket_start)";
	const { term, inPiece, inPieceBindings } = termOf(spans, at, bindings);
	const [first, last] = [spans[0], spans[spans.length - 1]];
	bindings.push(
		level,
		seconds(first.from, -Infinity),
		seconds(last.to, Infinity),
		...inPieceBindings,
	);
	return {
		sql: `select ${term} as term, ${source.rollupKey} as key, ${sums}
		from ${source.rollup} r
		where ${source.rollupWhere} and r.bucket_level = ?::bpchar
			and r.bucket_start >= to_timestamp(?::float8) and r.bucket_start < to_timestamp(?::float8)
			and ${inPiece}
		${groupBy}`,
		bindings,
	};
}

// The deltas not folded yet that fall in one level's pieces: the rows plus these are the sums (one
// snapshot: a fold commits its deletion of deltas and its additions to the rows together). There
// are few deltas: each is placed by the binary search, sparse levels too.
function levelDeltas(source: SumSource, spans: readonly LevelSpan[]): Part {
	const bindings: Knex.RawBinding[] = [];
	const at = "date_part('epoch', d.occurred_at)";
	const { term, inPiece, inPieceBindings } = termOf(spans, at, bindings);
	const [first, last] = [spans[0], spans[spans.length - 1]];
	bindings.push(seconds(first.from, -Infinity), seconds(last.to, Infinity), ...inPieceBindings);
	return {
		sql: `select ${term} as term, ${keyOf(source, 'd')} as key, sum(d.sign) as entry_count,
			sum(d.sign * d.cost) as cost, sum(d.sign * d.duration_min) as duration
		from ${ROLLUP_DELTAS_TABLE} d
		where d.occurred_at >= to_timestamp(?::float8) and d.occurred_at < to_timestamp(?::float8)
			and ${inPiece}
		group by 1, 2`,
		bindings,
	};
}

// The pieces narrower than the finest bucket, from the entries that count (docs/domain.md#s12:
// neither canceled nor postponed). A lateral subquery the planner may not flatten (offset 0): it
// misjudges range joins against a list of ranges and would rather scan the whole table.
function entryPart(source: SumSource, terms: readonly Term[]): Part | undefined {
	const remainders = terms.flatMap((term, index) =>
		term.pieces.flatMap((piece) => (piece.kind === 'entries' ? [{ term: index, ...piece }] : [])),
	);
	if (remainders.length === 0) return undefined;
	return {
		sql: `select p.term, x.key, count(*) as entry_count, sum(x.cost) as cost,
			sum(x.duration_min) as duration
		from unnest(?::int[], ?::timestamptz[], ?::timestamptz[]) p (term, from_at, to_at)
		cross join lateral (
			select ${keyOf(source, 'e')} as key, e.cost, e.duration_min
			from ${LOG_ENTRIES_TABLE} e
			where e.occurred_at >= p.from_at and e.occurred_at < p.to_at
				and not e.canceled and not e.postponed
			offset 0
		) x
		group by 1, 2`,
		bindings: [
			sqlArray(remainders.map((r) => r.term)),
			sqlArray(remainders.map((r) => bound(r.from, '-infinity'))),
			sqlArray(remainders.map((r) => bound(r.to, 'infinity'))),
		],
	};
}

// Sums are added in hundredths, as integers: costs and durations have two decimals (columns
// numeric(18,2) and numeric(12,2)), so the additions are exact below 2^53 hundredths. PostgreSQL
// sends them so, as bigint: for 8,000 rows that is 2 ms less than numeric text to write and parse.
const SUM_COLUMNS = ['x.entry_count::int8', '(x.cost * 100)::int8', '(x.duration * 100)::int8'];
const hundredths = (value: string | number | null) => (value === null ? 0 : Number(value));

/** A group's sums while they are added up: cost and duration in hundredths until the end. */
interface Totals {
	segment: number;
	key: string | null;
	name: string | null;
	entryCount: number;
	cost: number;
	durationMin: number;
}

const byKey = (a: Totals, b: Totals) => {
	const left = a.key ?? '';
	const right = b.key ?? '';
	return left < right ? -1 : left > right ? 1 : 0;
};

/**
 * Adds up the terms per output group and key: each term's sum (its whole buckets from the
 * maintained sums, the folded rows plus the deltas not folded yet; its remainders from the
 * entries that count) times each of its signs, into its groups. One statement reads all rows, so
 * they are one snapshot; the signed additions are done here, exactly. Keys with no entry left are
 * dropped; names come from the key's table when the source has one. Ordered by group, then key.
 */
export async function sumTerms(
	db: Knex,
	source: SumSource,
	terms: readonly Term[],
): Promise<SegmentSums[]> {
	const parts: Part[] = [];
	for (const [level, spans] of spansByLevel(terms)) {
		parts.push(levelRows(source, level, spans), levelDeltas(source, spans));
	}
	const entries = entryPart(source, terms);
	if (entries) parts.push(entries);
	if (parts.length === 0) return [];
	const names = source.names;
	const union = parts.map((part) => part.sql).join('\nunion all\n');
	// A column with one value throughout is not sent: the term when there is one (a grouping over
	// all time), the key for the whole log (always empty). Each column of thousands of rows costs
	// about a millisecond to write and read.
	const columns = [
		...(terms.length > 1 ? ['x.term'] : []),
		...(source.entryColumn === null ? [] : ['x.key']),
		...SUM_COLUMNS,
		...(names ? [`n.${names.name}`] : []),
	];
	// Rows as arrays, not objects (2 ms less for 8,000 rows): the columns by position.
	const [termAt, keyAt, countAt] = ['x.term', 'x.key', SUM_COLUMNS[0]].map((c) =>
		columns.indexOf(c),
	);
	const nameAt = names ? columns.length - 1 : -1;
	const { rows } = await db
		.raw<{ rows: TermSumsRow[] }>(
			names
				? `select ${columns.join(', ')} from (${union}) x
				left join ${names.table} n on n.${names.key} = x.key`
				: `select ${columns.join(', ')} from (${union}) x`,
			parts.flatMap((part) => part.bindings),
		)
		.options({ rowMode: 'array' });
	// Keyed by the key alone when every term adds to one group: 8,000 contacts' keys were 8,000
	// more strings to build, then to collect.
	const oneGroup = terms.every((term) => term.adds.every((add) => add.segment === 0));
	// Indexed loops: the iterators of for-of were 0.3 MB a call to collect for 8,000 rows.
	const totals = new Map<string, Totals>();
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		const count = Number(row[countAt]);
		const cost = hundredths(row[countAt + 1]);
		const duration = hundredths(row[countAt + 2]);
		const key = keyAt < 0 ? '' : ((row[keyAt] as string | null) ?? '');
		const adds = terms[termAt < 0 ? 0 : Number(row[termAt])].adds;
		for (let a = 0; a < adds.length; a++) {
			const { segment, sign } = adds[a];
			const id = oneGroup ? key : `${segment}\u0000${key}`;
			let total = totals.get(id);
			if (total === undefined) {
				total = {
					segment,
					key: key === '' ? null : key,
					name: nameAt < 0 ? null : ((row[nameAt] as string | null) ?? null),
					entryCount: 0,
					cost: 0,
					durationMin: 0,
				};
				totals.set(id, total);
			}
			total.entryCount += sign * count;
			total.cost += sign * cost;
			total.durationMin += sign * duration;
		}
	}
	// The totals become the result in place: one object per group, not two.
	const kept: Totals[] = [];
	totals.forEach((total) => {
		if (total.entryCount <= 0) return;
		total.cost /= 100;
		total.durationMin /= 100;
		kept.push(total);
	});
	return kept.sort((a, b) => a.segment - b.segment || byKey(a, b));
}
