import type { Knex } from 'knex';

/**
 * A company's all-time sums in one row: statistics by company over the whole log added up the
 * all-time rows of every person of every company (8,000 rows for 2,000 companies on a log of
 * 1,000,000 entries, 20-30 ms); now they read one row per company.
 *
 * `interaction_log_contact_rollup` gets level `c`: per contact company, all time (bucket_start
 * -infinity), contact_no empty. The fold adds the deltas to it as to levels `a` and `m`; the rows
 * are backfilled from the folded all-time rows under the fold lock, so no fold falls between the
 * two and the deltas not folded yet stay what readers add to both. `down` drops the level.
 */

// The fold lock of 20261130000201_append_rollup_deltas.
export const FOLD_LOCK = "1229866061, 'interaction_log_rollup_deltas'::regclass::oid::int";

type CompanyLevel = 'c' | 'n';

const LEVEL_CHECK = 'interaction_log_contact_rollup_bucket_level_check';

// What each company level adds to the table's description.
const COMPANY_LEVEL_NOTES: Record<CompanyLevel, string> = {
	c: 'level c all time per contact company (contact_no empty);',
	n: 'level n by UTC month per contact company (contact_no empty);',
};

/**
 * The levels `interaction_log_contact_rollup` allows and describes: m and a, and the company
 * levels given (this migration adds c, 20261201000201_add_company_months n).
 */
export async function setContactRollupLevels(
	knex: Knex,
	companyLevels: readonly CompanyLevel[],
): Promise<void> {
	const levels = ['m', 'a', ...companyLevels].map((level) => `'${level}'`).join(', ');
	await knex.raw(`alter table interaction_log_contact_rollup drop constraint ${LEVEL_CHECK},
		add constraint ${LEVEL_CHECK} check (bucket_level in (${levels}))`);
	const notes = companyLevels.map((level) => ` ${COMPANY_LEVEL_NOTES[level]}`).join('');
	await knex.raw(`comment on table interaction_log_contact_rollup is
		'count, cost and duration of the entries that count in statistics, per contact and contact company; level m by UTC month, level a all time (bucket_start -infinity);${notes} empty for a blank number'`);
}

// The fold of 20261130000201_append_rollup_deltas, adding the deltas to the company levels given
// too: none, c, or c and n (20261201000201_add_company_months). A company level's rows have no
// contact (contact_no empty); n's are by month, as m's.
export function foldFunction(companyLevels: readonly CompanyLevel[]): string {
	const list = (levels: readonly string[]) => levels.map((level) => `'${level}'`).join(', ');
	const monthly = ['m', ...companyLevels.filter((level) => level === 'n')];
	const bucketStart = `case when k.bucket_level in (${list(monthly)}) then c.m else timestamptz '-infinity' end`;
	const contactNo =
		companyLevels.length === 0
			? 'c.contact_no'
			: `case when k.bucket_level in (${list(companyLevels)}) then '' else c.contact_no end`;
	return `
	create or replace function interaction_log_fold_rollup(before bigint) returns bigint language plpgsql
	set search_path from current as $$
	declare
		folded bigint;
	begin
		if not pg_try_advisory_xact_lock(${FOLD_LOCK}) then
			return 0;
		end if;
		with folded_deltas as (
			delete from interaction_log_rollup_deltas
			where before is null or delta_no < before
			returning *
		), quarters as (
			select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00') as q,
				template_code, group_code, coalesce(salesperson_code, '') as salesperson_code,
				coalesce(campaign_no, '') as campaign_no, sum(sign) as n, sum(sign * cost) as cost,
				sum(sign * duration_min) as duration
			from folded_deltas group by 1, 2, 3, 4, 5
		), sums as (
			insert into interaction_log_rollup as r
				(dimension, bucket_level, bucket_start, dimension_value, entry_count, cost_sum,
					duration_sum)
			select k.dimension, k.bucket_level,
				case k.bucket_level
					when 'q' then c.q
					when 'h' then date_trunc('hour', c.q, 'UTC')
					when 'd' then date_trunc('day', c.q, 'UTC')
					else date_trunc('month', c.q, 'UTC')
				end,
				k.dimension_value, sum(c.n), sum(c.cost), sum(c.duration)
			from quarters c
			cross join lateral (values
				('all', 'q', ''), ('all', 'h', ''), ('all', 'd', ''), ('all', 'm', ''),
				('template', 'd', c.template_code), ('template', 'm', c.template_code),
				('group', 'd', c.group_code), ('group', 'm', c.group_code),
				('salesperson', 'd', c.salesperson_code), ('salesperson', 'm', c.salesperson_code),
				('campaign', 'd', c.campaign_no), ('campaign', 'm', c.campaign_no)
			) k (dimension, bucket_level, dimension_value)
			group by 1, 2, 3, 4
			having sum(c.n) <> 0 or sum(c.cost) <> 0 or sum(c.duration) <> 0
			order by 1, 2, 3, 4
			on conflict (dimension, bucket_level, bucket_start, dimension_value) do update set
				entry_count = r.entry_count + excluded.entry_count,
				cost_sum = r.cost_sum + excluded.cost_sum,
				duration_sum = r.duration_sum + excluded.duration_sum
		), contact_months as (
			select date_trunc('month', occurred_at, 'UTC') as m, coalesce(contact_no, '') as contact_no,
				coalesce(contact_company_no, '') as contact_company_no, sum(sign) as n,
				sum(sign * cost) as cost, sum(sign * duration_min) as duration
			from folded_deltas group by 1, 2, 3
		), contact_sums as (
			insert into interaction_log_contact_rollup as r
				(bucket_level, bucket_start, contact_no, contact_company_no, entry_count, cost_sum,
					duration_sum)
			select k.bucket_level, ${bucketStart},
				${contactNo},
				c.contact_company_no, sum(c.n), sum(c.cost), sum(c.duration)
			from contact_months c
			cross join (values ('a'), ('m')${companyLevels.map((level) => `, ('${level}')`).join('')}) k (bucket_level)
			group by 1, 2, 3, 4
			having sum(c.n) <> 0 or sum(c.cost) <> 0 or sum(c.duration) <> 0
			order by 1, 2, 3, 4
			on conflict (bucket_level, bucket_start, contact_no, contact_company_no) do update set
				entry_count = r.entry_count + excluded.entry_count,
				cost_sum = r.cost_sum + excluded.cost_sum,
				duration_sum = r.duration_sum + excluded.duration_sum
		)
		select count(*) into folded from folded_deltas;
		return folded;
	end $$`;
}

export async function up(knex: Knex): Promise<void> {
	await knex.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
	await setContactRollupLevels(knex, ['c']);
	await knex.raw(foldFunction(['c']));
	await knex.raw(`
		insert into interaction_log_contact_rollup
			(bucket_level, bucket_start, contact_no, contact_company_no, entry_count, cost_sum, duration_sum)
		select 'c', timestamptz '-infinity', '', contact_company_no, sum(entry_count), sum(cost_sum),
			sum(duration_sum)
		from interaction_log_contact_rollup
		where bucket_level = 'a'
		group by contact_company_no
		having sum(entry_count) <> 0 or sum(cost_sum) <> 0 or sum(duration_sum) <> 0
		order by contact_company_no`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
	await knex.raw(foldFunction([]));
	await knex.raw(`delete from interaction_log_contact_rollup where bucket_level = 'c'`);
	await setContactRollupLevels(knex, []);
}
