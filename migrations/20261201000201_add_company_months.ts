import type { Knex } from 'knex';

import {
	FOLD_LOCK,
	foldFunction,
	setContactRollupLevels,
} from './20261130000501_add_company_rollup';

/**
 * A company's sums per month in one row: statistics by company over a range read the months
 * around it (or in it) from every person's month rows, four to a company on the benchmark log
 * (48,000 rows for six months of 2,000 companies); now one row per company and month.
 *
 * `interaction_log_contact_rollup` gets level `n`: per contact company, by UTC month, contact_no
 * empty. The fold adds the deltas to it as to `m`; the rows are backfilled from the folded `m`
 * rows under the fold lock, so no fold falls between the two and the deltas not folded yet stay
 * what readers add to both. `down` drops the level.
 */

export async function up(knex: Knex): Promise<void> {
	await knex.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
	await setContactRollupLevels(knex, ['c', 'n']);
	await knex.raw(foldFunction(['c', 'n']));
	await knex.raw(`
		insert into interaction_log_contact_rollup
			(bucket_level, bucket_start, contact_no, contact_company_no, entry_count, cost_sum, duration_sum)
		select 'n', bucket_start, '', contact_company_no, sum(entry_count), sum(cost_sum),
			sum(duration_sum)
		from interaction_log_contact_rollup
		where bucket_level = 'm'
		group by bucket_start, contact_company_no
		having sum(entry_count) <> 0 or sum(cost_sum) <> 0 or sum(duration_sum) <> 0
		order by bucket_start, contact_company_no`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw(`select pg_advisory_xact_lock(${FOLD_LOCK})`);
	await knex.raw(foldFunction(['c']));
	await knex.raw(`delete from interaction_log_contact_rollup where bucket_level = 'n'`);
	await setContactRollupLevels(knex, ['c']);
}
