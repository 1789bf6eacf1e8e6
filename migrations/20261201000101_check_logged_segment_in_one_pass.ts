import type { Knex } from 'knex';

import {
	CHECK_FUNCTION as TWO_PASSES,
	RAISE_MISSING_SEGMENT,
} from './20261130000502_check_logged_segment_per_statement';

/**
 * The per-statement check of an entry's logged segment (20261130000502) reads the statement's new
 * rows once instead of twice. It found the distinct numbers with one pass and the missing ones with
 * another, each hashing every row: 80 ms of a segment of 100,000 lines, and 30 ms of every insert
 * of as many entries without a segment, which have nothing to check. Now one pass takes the least
 * and greatest number: none (no entry has a segment) ends the check; one number, as when a segment
 * is logged, is locked and looked up alone; only a statement with several numbers reads its rows
 * again to find them. What is refused and locked is unchanged.
 */

const ONE_PASS = `
	create or replace function interaction_log_entries_check_logged_segment() returns trigger
	language plpgsql set search_path from current as $$
	declare
		least_no bigint;
		greatest_no bigint;
		numbers bigint[];
		missing bigint;
	begin
		select min(n.logged_segment_entry_no), max(n.logged_segment_entry_no)
		into least_no, greatest_no from new_rows n;
		if least_no is null then
			return null;
		end if;
		if least_no = greatest_no then
			numbers := array[least_no];
		else
			select array_agg(distinct n.logged_segment_entry_no) into numbers from new_rows n
			where n.logged_segment_entry_no is not null;
		end if;
		perform 1 from logged_segments s where s.entry_no = any (numbers) for key share of s;
		select x.entry_no into missing from unnest(numbers) x (entry_no)
		where not exists (select 1 from logged_segments s where s.entry_no = x.entry_no)
		limit 1;
		if missing is not null then${RAISE_MISSING_SEGMENT}
		end if;
		return null;
	end $$`;

export async function up(knex: Knex): Promise<void> {
	await knex.raw(ONE_PASS);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw(TWO_PASSES);
}
