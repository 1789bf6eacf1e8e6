import type { Knex } from 'knex';

import { appendAll } from '../core';
import { CONTACT_ROLLUP_TABLE, LOG_ENTRIES_TABLE, ROLLUP_DELTAS_TABLE, ROLLUP_TABLE } from '../db';

/**
 * The maintained sums of the log (docs/domain.md#s12; BC's SumIndexFields, docs/domain.md#s5-3):
 * one row per dimension value and UTC bucket (migration `20261125000031_create_log_rollup`), plus
 * the deltas that the triggers append and that are not folded into those rows yet
 * (`20261130000201_append_rollup_deltas`): the sums are the folded rows plus the deltas, always.
 * Levels are listed coarse to fine, as a reader decomposes a range into them.
 */
export const ROLLUP_LEVELS = {
	all: ['m', 'd', 'h', 'q'],
	template: ['m', 'd'],
	group: ['m', 'd'],
	salesperson: ['m', 'd'],
	campaign: ['m', 'd'],
} as const;

export type RollupDimension = keyof typeof ROLLUP_LEVELS;

/**
 * q: 15 minutes, h: hour, d: day, m: month (UTC); a: all time per contact and contact company,
 * c: all time per contact company, n: month per contact company (contact sums only).
 */
export type BucketLevel = 'q' | 'h' | 'd' | 'm' | 'a' | 'c' | 'n';

/** The levels of `interaction_log_contact_rollup` per contact that have a start (besides `a`). */
export const CONTACT_ROLLUP_LEVELS = ['m'] as const;

/** The levels of `interaction_log_contact_rollup` per contact company that have a start. */
export const COMPANY_ROLLUP_LEVELS = ['n'] as const;

// The fold lock of the migration: one folder at a time; a rebuild waits for it and holds it.
const FOLD_LOCK = `1229866061, '${ROLLUP_DELTAS_TABLE}'::regclass::oid::int`;

// Entries that count in statistics (docs/domain.md#s12): neither canceled nor postponed.
const COUNTED = 'not e.canceled and not e.postponed';

interface SumsOf {
	readonly from: string;
	readonly where: string;
	/** What one row adds to the count: 1 for an entry, its sign for a delta. */
	readonly count: string;
}

const ENTRIES: SumsOf = { from: `${LOG_ENTRIES_TABLE} e`, where: COUNTED, count: '1' };
const DELTAS: SumsOf = { from: `${ROLLUP_DELTAS_TABLE} e`, where: 'true', count: 'e.sign' };

// The sums per rollup key of entries (what they must be) or of the unfolded deltas.
const rollupSumsOf = ({ from, where, count }: SumsOf) => `
	select k.dimension, k.bucket_level,
		case k.bucket_level
			when 'q' then date_bin('15 minutes', e.occurred_at, timestamptz '2000-01-01 00:00:00+00')
			when 'h' then date_trunc('hour', e.occurred_at, 'UTC')
			when 'd' then date_trunc('day', e.occurred_at, 'UTC')
			else date_trunc('month', e.occurred_at, 'UTC')
		end as bucket_start,
		k.dimension_value, sum(${count}) as entry_count, sum(${count} * e.cost) as cost_sum,
		sum(${count} * e.duration_min) as duration_sum
	from ${from}
	cross join lateral (
		select 'all', l, '' from unnest(array['q', 'h', 'd', 'm']) l
		union all select 'template', l, e.template_code from unnest(array['d', 'm']) l
		union all select 'group', l, e.group_code from unnest(array['d', 'm']) l
		union all select 'salesperson', l, coalesce(e.salesperson_code, '') from unnest(array['d', 'm']) l
		union all select 'campaign', l, coalesce(e.campaign_no, '') from unnest(array['d', 'm']) l
	) k (dimension, bucket_level, dimension_value)
	where ${where}
	group by 1, 2, 3, 4`;

const contactRollupSumsOf = ({ from, where, count }: SumsOf) => `
	select k.bucket_level,
		case when k.bucket_level in ('m', 'n') then date_trunc('month', e.occurred_at, 'UTC')
			else timestamptz '-infinity' end as bucket_start,
		case when k.bucket_level in ('c', 'n') then '' else coalesce(e.contact_no, '') end as contact_no,
		coalesce(e.contact_company_no, '') as contact_company_no,
		sum(${count}) as entry_count, sum(${count} * e.cost) as cost_sum,
		sum(${count} * e.duration_min) as duration_sum
	from ${from}
	cross join (values ('a'), ('m'), ('c'), ('n')) k (bucket_level)
	where ${where}
	group by 1, 2, 3, 4`;

const EXPECTED_ROLLUP = rollupSumsOf(ENTRIES);
const EXPECTED_CONTACT_ROLLUP = contactRollupSumsOf(ENTRIES);

const ROLLUP_KEY = ['dimension', 'bucket_level', 'bucket_start', 'dimension_value'];
const CONTACT_ROLLUP_KEY = ['bucket_level', 'bucket_start', 'contact_no', 'contact_company_no'];

/** One key whose stored sums differ from the entries. */
export interface RollupDifference {
	readonly table: string;
	readonly key: Readonly<Record<string, string | null>>;
	readonly expected: RollupSums;
	readonly stored: RollupSums;
}

export interface RollupSums {
	readonly entryCount: number;
	readonly cost: number;
	readonly durationMin: number;
}

export interface RollupCheck {
	/** True when every stored sum equals the sum recomputed from the entries. */
	readonly consistent: boolean;
	/** Keys with entries that count (the rows a rebuild would write). */
	readonly keysChecked: number;
	/** The first differences found (at most `limit`). */
	readonly differences: readonly RollupDifference[];
}

interface DifferenceRow {
	[column: string]: unknown;
	expected_count: number | null;
	expected_cost: number | null;
	expected_duration: number | null;
	stored_count: number | null;
	stored_cost: number | null;
	stored_duration: number | null;
}

// What the readers see: the folded rows plus the unfolded deltas. Rows of zeros are what a key
// keeps once its entries stop counting: equal to a missing row.
const storedSums = (table: string, deltas: string, key: readonly string[]) => `
	select ${key.join(', ')}, sum(entry_count) as entry_count, sum(cost_sum) as cost_sum,
		sum(duration_sum) as duration_sum
	from (
		select ${key.join(', ')}, entry_count, cost_sum, duration_sum from ${table}
		union all ${deltas}
	) s
	group by ${key.join(', ')}
	having sum(entry_count) <> 0 or sum(cost_sum) <> 0 or sum(duration_sum) <> 0`;

const differencesQuery = (stored: string, expected: string, key: readonly string[]) => `
	select ${key.map((column) => `coalesce(x.${column}, s.${column}) as ${column}`).join(', ')},
		x.entry_count as expected_count, x.cost_sum as expected_cost,
		x.duration_sum as expected_duration, s.entry_count as stored_count,
		s.cost_sum as stored_cost, s.duration_sum as stored_duration
	from (${expected}) x
	full join (${stored}) s using (${key.join(', ')})
	where (x.entry_count, x.cost_sum, x.duration_sum)
		is distinct from (s.entry_count, s.cost_sum, s.duration_sum)
	order by ${key.join(', ')}
	limit ?`;

function toSums(count: number | null, cost: number | null, duration: number | null): RollupSums {
	return {
		entryCount: Number(count ?? 0),
		cost: Number(cost ?? 0),
		durationMin: Number(duration ?? 0),
	};
}

function toDifference(table: string, key: readonly string[], row: DifferenceRow): RollupDifference {
	const keyValues = Object.fromEntries(
		key.map((column) => {
			const value = row[column];
			return [
				column,
				value instanceof Date ? value.toISOString() : value === null ? null : String(value),
			];
		}),
	);
	return {
		table,
		key: keyValues,
		expected: toSums(row.expected_count, row.expected_cost, row.expected_duration),
		stored: toSums(row.stored_count, row.stored_cost, row.stored_duration),
	};
}

/**
 * The check of the maintained sums (docs/domain.md#s12): recomputes every sum from the entries and
 * compares it with the stored one (the folded row plus the unfolded deltas), in one snapshot
 * (repeatable read), so writers running meanwhile cannot make it report a difference: a writer's
 * deltas and a fold each commit whole.
 *
 * ### Examples
 * ```ts
 * const check = await checkRollup(db);
 * if (!check.consistent) await rebuildRollup(db);
 * ```
 */
export async function checkRollup(db: Knex, { limit = 100 } = {}): Promise<RollupCheck> {
	return await db.transaction(
		async (trx) => {
			const tables = [
				{
					table: ROLLUP_TABLE,
					expected: EXPECTED_ROLLUP,
					stored: storedSums(ROLLUP_TABLE, rollupSumsOf(DELTAS), ROLLUP_KEY),
					key: ROLLUP_KEY,
				},
				{
					table: CONTACT_ROLLUP_TABLE,
					expected: EXPECTED_CONTACT_ROLLUP,
					stored: storedSums(CONTACT_ROLLUP_TABLE, contactRollupSumsOf(DELTAS), CONTACT_ROLLUP_KEY),
					key: CONTACT_ROLLUP_KEY,
				},
			];
			const differences: RollupDifference[] = [];
			let keysChecked = 0;
			for (const { table, expected, stored, key } of tables) {
				const { rows } = await trx.raw<{ rows: DifferenceRow[] }>(
					differencesQuery(stored, expected, key),
					[limit],
				);
				appendAll(
					differences,
					rows.map((row) => toDifference(table, key, row)),
				);
				const [{ count }] = (
					await trx.raw<{ rows: { count: number }[] }>(
						`select count(*) as count from (${expected}) x`,
					)
				).rows;
				keysChecked += Number(count);
			}
			return {
				consistent: differences.length === 0,
				keysChecked,
				differences: differences.slice(0, limit),
			};
		},
		{ isolationLevel: 'repeatable read' },
	);
}

/**
 * Rebuilds the maintained sums from the entries (docs/domain.md#s12), e.g. after `checkRollup`
 * found a difference. Waits for running writers and holds new ones back until it commits (share
 * lock on the entries), and for a running fold (the fold lock), so no write falls between the
 * recomputation and the triggers; the deltas are dropped with the sums they would change.
 */
export async function rebuildRollup(db: Knex): Promise<{ readonly rowsWritten: number }> {
	return await db.transaction(async (trx) => {
		await trx.raw(`lock table ${LOG_ENTRIES_TABLE} in share mode`);
		await trx.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
		await trx.raw(`truncate ${ROLLUP_TABLE}, ${CONTACT_ROLLUP_TABLE}, ${ROLLUP_DELTAS_TABLE}`);
		const rollup = await trx.raw<{ rowCount: number }>(
			`insert into ${ROLLUP_TABLE} (${ROLLUP_KEY.join(', ')}, entry_count, cost_sum, duration_sum)
			select ${ROLLUP_KEY.join(', ')}, entry_count, cost_sum, duration_sum from (${EXPECTED_ROLLUP}) x`,
		);
		const contacts = await trx.raw<{ rowCount: number }>(
			`insert into ${CONTACT_ROLLUP_TABLE}
				(${CONTACT_ROLLUP_KEY.join(', ')}, entry_count, cost_sum, duration_sum)
			select ${CONTACT_ROLLUP_KEY.join(', ')}, entry_count, cost_sum, duration_sum
			from (${EXPECTED_CONTACT_ROLLUP}) x`,
		);
		return { rowsWritten: Number(rollup.rowCount ?? 0) + Number(contacts.rowCount ?? 0) };
	});
}

/**
 * Folds the deltas appended so far into the sum rows, unless another session is folding (then it
 * returns 0 at once: that session folds them). Writers fold on their own every few thousand
 * deltas; this is for whoever wants the deltas gone now, e.g. after a bulk load or before a run of
 * many reads. The statistics are exact either way.
 */
export async function foldRollup(db: Knex): Promise<{ readonly deltasFolded: number }> {
	const { rows } = await db.raw<{ rows: { folded: string | number }[] }>(
		'select interaction_log_fold_rollup(null) as folded',
	);
	return { deltasFolded: Number(rows[0].folded) };
}

/**
 * Folds every delta this transaction sees, waiting for a fold in progress instead of leaving the
 * deltas to it: for a writer that must leave none behind, e.g. an erasure, which then drops the
 * zero sums still keyed by the erased number.
 */
export async function foldRollupNow(trx: Knex.Transaction): Promise<number> {
	await trx.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
	return (await foldRollup(trx)).deltasFolded;
}
