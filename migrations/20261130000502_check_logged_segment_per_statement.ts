import type { Knex } from 'knex';

/**
 * The link from an entry to its logged segment checked once per statement instead of once per
 * row. The foreign key `interaction_log_entries_logged_segment_fk` ran PostgreSQL's referential
 * check for every entry: logging a segment of 100,000 lines spent ~1 s of its ~3.5 s there (the
 * same insert without the number took 2.3 s). The same rules, per statement:
 * - entries inserted or updated with a logged segment number that does not exist are refused with
 *   the foreign key's SQLSTATE (23503) and constraint name, so callers see what they saw; the
 *   logged segments named are locked `for key share` first, as the foreign key locked them, so a
 *   concurrent delete waits for the writer (a new logged segment is not even visible to others);
 * - deleting a logged segment sets its entries' number to null (the foreign key's `on delete set
 *   null`); the package never deletes logged segments, plain SQL may.
 * Logged segment numbers are identity columns generated always: they cannot be updated, so no
 * check is needed for that.
 */

const CONSTRAINT = 'interaction_log_entries_logged_segment_fk';

/** The foreign key's error for the number in `missing`, as PostgreSQL words it. */
export const RAISE_MISSING_SEGMENT = `
			raise exception 'insert or update on table "interaction_log_entries" violates foreign key constraint "${CONSTRAINT}"'
				using errcode = 'foreign_key_violation', constraint = '${CONSTRAINT}',
					table = 'interaction_log_entries', column = 'logged_segment_entry_no',
					detail = format('Key (logged_segment_entry_no)=(%s) is not present in table "logged_segments".', missing);`;

/** The check as this migration created it (20261201000101 goes back to it). */
export const CHECK_FUNCTION = `
	create or replace function interaction_log_entries_check_logged_segment() returns trigger
	language plpgsql set search_path from current as $$
	declare
		missing bigint;
	begin
		perform 1 from logged_segments s
		where s.entry_no in (
			select distinct n.logged_segment_entry_no from new_rows n
			where n.logged_segment_entry_no is not null
		)
		for key share of s;
		select n.logged_segment_entry_no into missing from new_rows n
		where n.logged_segment_entry_no is not null
			and not exists (select 1 from logged_segments s where s.entry_no = n.logged_segment_entry_no)
		limit 1;
		if missing is not null then${RAISE_MISSING_SEGMENT}
		end if;
		return null;
	end $$`;

const SET_NULL_FUNCTION = `
	create function logged_segments_after_delete() returns trigger
	language plpgsql set search_path from current as $$
	begin
		update interaction_log_entries set logged_segment_entry_no = null
		where logged_segment_entry_no in (select entry_no from old_rows);
		return null;
	end $$`;

export async function up(knex: Knex): Promise<void> {
	await knex.raw(`alter table interaction_log_entries drop constraint ${CONSTRAINT}`);
	await knex.raw(CHECK_FUNCTION);
	for (const event of ['insert', 'update']) {
		await knex.raw(`create trigger interaction_log_entries_check_logged_segment_after_${event}
			after ${event} on interaction_log_entries referencing new table as new_rows
			for each statement execute function interaction_log_entries_check_logged_segment()`);
	}
	await knex.raw(SET_NULL_FUNCTION);
	await knex.raw(`create trigger logged_segments_after_delete after delete on logged_segments
		referencing old table as old_rows
		for each statement execute function logged_segments_after_delete()`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop trigger logged_segments_after_delete on logged_segments');
	await knex.raw('drop function logged_segments_after_delete()');
	for (const event of ['insert', 'update']) {
		await knex.raw(
			`drop trigger interaction_log_entries_check_logged_segment_after_${event} on interaction_log_entries`,
		);
	}
	await knex.raw('drop function interaction_log_entries_check_logged_segment()');
	await knex.raw(`alter table interaction_log_entries add constraint ${CONSTRAINT}
		foreign key (logged_segment_entry_no) references logged_segments (entry_no) on delete set null`);
}
