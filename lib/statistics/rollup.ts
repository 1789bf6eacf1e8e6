import type { Knex } from 'knex';

import { appendAll } from '../core';
import { CONTACT_ROLLUP_TABLE, LOG_ENTRIES_TABLE, ROLLUP_TABLE } from '../db';

/**
 * The maintained sums of the log (docs/domain.md#s12; BC's SumIndexFields, docs/domain.md#s5-3),
 * kept by the triggers of migration `20261125000031_create_log_rollup`: one row per dimension value
 * and UTC bucket. Levels are listed coarse to fine, as a reader decomposes a range into them.
 */
export const ROLLUP_LEVELS = {
	all: ['m', 'd', 'h', 'q'],
	template: ['m', 'd'],
	group: ['m', 'd'],
	salesperson: ['m', 'd'],
	campaign: ['m', 'd'],
} as const;

export type RollupDimension = keyof typeof ROLLUP_LEVELS;

/** q: 15 minutes, h: hour, d: day, m: month (UTC); a: all time (contact sums only). */
export type BucketLevel = 'q' | 'h' | 'd' | 'm' | 'a';

/** The levels of `interaction_log_contact_rollup` that have a start (besides all-time `a`). */
export const CONTACT_ROLLUP_LEVELS = ['m'] as const;

// Entries that count in statistics (docs/domain.md#s12): neither canceled nor postponed.
const COUNTED = 'not e.canceled and not e.postponed';

// The sums as they must be, recomputed from the entries: what the triggers keep incrementally.
const EXPECTED_ROLLUP = `
	select k.dimension, k.bucket_level,
		case k.bucket_level
			when 'q' then date_bin('15 minutes', e.occurred_at, timestamptz '2000-01-01 00:00:00+00')
			when 'h' then date_trunc('hour', e.occurred_at, 'UTC')
			when 'd' then date_trunc('day', e.occurred_at, 'UTC')
			else date_trunc('month', e.occurred_at, 'UTC')
		end as bucket_start,
		k.dimension_value, count(*) as entry_count, sum(e.cost) as cost_sum,
		sum(e.duration_min) as duration_sum
	from ${LOG_ENTRIES_TABLE} e
	cross join lateral (
		select 'all', l, '' from unnest(array['q', 'h', 'd', 'm']) l
		union all select 'template', l, e.template_code from unnest(array['d', 'm']) l
		union all select 'group', l, e.group_code from unnest(array['d', 'm']) l
		union all select 'salesperson', l, coalesce(e.salesperson_code, '') from unnest(array['d', 'm']) l
		union all select 'campaign', l, coalesce(e.campaign_no, '') from unnest(array['d', 'm']) l
	) k (dimension, bucket_level, dimension_value)
	where ${COUNTED}
	group by 1, 2, 3, 4`;

const EXPECTED_CONTACT_ROLLUP = `
	select k.bucket_level,
		case k.bucket_level when 'm' then date_trunc('month', e.occurred_at, 'UTC')
			else timestamptz '-infinity' end as bucket_start,
		coalesce(e.contact_no, '') as contact_no, coalesce(e.contact_company_no, '') as contact_company_no,
		count(*) as entry_count, sum(e.cost) as cost_sum, sum(e.duration_min) as duration_sum
	from ${LOG_ENTRIES_TABLE} e
	cross join (values ('a'), ('m')) k (bucket_level)
	where ${COUNTED}
	group by 1, 2, 3, 4`;

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

// Rows of zeros are what a key keeps once its entries stop counting: equal to a missing row.
const differencesQuery = (table: string, expected: string, key: readonly string[]) => `
	select ${key.map((column) => `coalesce(x.${column}, s.${column}) as ${column}`).join(', ')},
		x.entry_count as expected_count, x.cost_sum as expected_cost,
		x.duration_sum as expected_duration, s.entry_count as stored_count,
		s.cost_sum as stored_cost, s.duration_sum as stored_duration
	from (${expected}) x
	full join (
		select * from ${table} where entry_count <> 0 or cost_sum <> 0 or duration_sum <> 0
	) s using (${key.join(', ')})
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
 * compares it with the stored one, in one snapshot (repeatable read), so writers running meanwhile
 * cannot make it report a difference: the triggers change the sums in the writer's transaction.
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
				{ table: ROLLUP_TABLE, expected: EXPECTED_ROLLUP, key: ROLLUP_KEY },
				{ table: CONTACT_ROLLUP_TABLE, expected: EXPECTED_CONTACT_ROLLUP, key: CONTACT_ROLLUP_KEY },
			];
			const differences: RollupDifference[] = [];
			let keysChecked = 0;
			for (const { table, expected, key } of tables) {
				const { rows } = await trx.raw<{ rows: DifferenceRow[] }>(
					differencesQuery(table, expected, key),
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
 * lock on the entries), so no write falls between the recomputation and the triggers.
 */
export async function rebuildRollup(db: Knex): Promise<{ readonly rowsWritten: number }> {
	return await db.transaction(async (trx) => {
		await trx.raw(`lock table ${LOG_ENTRIES_TABLE} in share mode`);
		await trx.raw(`truncate ${ROLLUP_TABLE}, ${CONTACT_ROLLUP_TABLE}`);
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
