import type { Knex } from 'knex';

/**
 * Maintained sums of the log, so statistics never scan it: Business Central keeps SumIndexFields
 * ("SIFT", docs/domain.md#s5-3) on the keys its statistics read (docs/domain.md#s12). The database
 * keeps them exact whoever writes the log: statement-level triggers aggregate each statement's
 * transition table and add it to the sums in the same transaction (record, cancel, restore, purge,
 * contact re-pointing, plain SQL alike). Only entries that count (docs/domain.md#s12: neither
 * canceled nor postponed) are summed.
 *
 * `interaction_log_rollup` holds one row per dimension value and UTC time bucket, never a row per
 * combination of dimensions: a combined key (template × salesperson × contact × quarter-hour) is
 * about as selective as the entries themselves and would be no faster to read than the log.
 * - dimension `all` (the whole log) in quarter-hour (`q`), hour (`h`), day (`d`) and month (`m`)
 *   buckets: grouping by day, week or month in any workflow time zone reads whole buckets, and
 *   every UTC offset in use today is a multiple of 15 minutes, so local midnights fall on a
 *   quarter-hour bucket boundary;
 * - dimensions `template`, `group`, `salesperson`, `campaign` (a blank code as '') in day and
 *   month buckets: their statistics cut time only at the two ends of the date filter.
 * `interaction_log_contact_rollup` holds the sums per contact and company: month buckets, and an
 * all-time row (level `a`) for the contact summary. A reader takes the coarsest whole buckets
 * inside its range and counts the rest (a range starting 14:07, a historic offset) from entries.
 *
 * Backfill: the sums of the entries already logged are added under the same lock that creates the
 * triggers, so no write falls between the two. A key whose entries stop counting keeps a row of
 * zeros. `down` drops only derived data.
 */

// Entries that count in statistics (docs/domain.md#s12).
const COUNTED = 'not canceled and not postponed';

const CHANGE_COLUMNS = [
	'occurred_at',
	'template_code',
	'group_code',
	'salesperson_code',
	'campaign_no',
	'contact_no',
	'contact_company_no',
	'cost',
	'duration_min',
];

// Columns whose change moves an entry from one sum to another.
const SUMMED_COLUMNS = ['canceled', 'postponed', ...CHANGE_COLUMNS];

const columnsOf = (alias: string, columns: string[]) =>
	columns.map((column) => `${alias}.${column}`).join(', ');

const insertedChanges = `select 1 as sign, ${CHANGE_COLUMNS.join(', ')} from new_rows where ${COUNTED}`;

const deletedChanges = `select -1 as sign, ${CHANGE_COLUMNS.join(', ')} from old_rows where ${COUNTED}`;

// An update subtracts the old row and adds the new one, only when a summed column changed.
const updatedChanges = `
	select -1 as sign, ${columnsOf('o', CHANGE_COLUMNS)}
	from old_rows o left join new_rows n on n.entry_no = o.entry_no
	where not o.canceled and not o.postponed and (n.entry_no is null
		or (${columnsOf('o', SUMMED_COLUMNS)}) is distinct from (${columnsOf('n', SUMMED_COLUMNS)}))
	union all
	select 1 as sign, ${columnsOf('n', CHANGE_COLUMNS)}
	from new_rows n left join old_rows o on o.entry_no = n.entry_no
	where not n.canceled and not n.postponed and (o.entry_no is null
		or (${columnsOf('o', SUMMED_COLUMNS)}) is distinct from (${columnsOf('n', SUMMED_COLUMNS)}))`;

// Both upserts sort their keys: every writer locks sum rows in one order, so concurrent writers
// wait for each other instead of deadlocking; keys whose changes cancel out are left alone.
const addToRollup = (changes: string) => `
	insert into interaction_log_rollup as r
		(dimension, bucket_level, bucket_start, dimension_value, entry_count, cost_sum, duration_sum)
	select k.dimension, k.bucket_level,
		case k.bucket_level
			when 'q' then date_bin('15 minutes', c.occurred_at, timestamptz '2000-01-01 00:00:00+00')
			when 'h' then date_trunc('hour', c.occurred_at, 'UTC')
			when 'd' then date_trunc('day', c.occurred_at, 'UTC')
			else date_trunc('month', c.occurred_at, 'UTC')
		end,
		k.dimension_value, sum(c.sign), sum(c.sign * c.cost), sum(c.sign * c.duration_min)
	from (${changes}) c
	cross join lateral (values
		('all', 'q', ''), ('all', 'h', ''), ('all', 'd', ''), ('all', 'm', ''),
		('template', 'd', c.template_code), ('template', 'm', c.template_code),
		('group', 'd', c.group_code), ('group', 'm', c.group_code),
		('salesperson', 'd', coalesce(c.salesperson_code, '')),
		('salesperson', 'm', coalesce(c.salesperson_code, '')),
		('campaign', 'd', coalesce(c.campaign_no, '')), ('campaign', 'm', coalesce(c.campaign_no, ''))
	) k (dimension, bucket_level, dimension_value)
	group by 1, 2, 3, 4
	having sum(c.sign) <> 0 or sum(c.sign * c.cost) <> 0 or sum(c.sign * c.duration_min) <> 0
	order by 1, 2, 3, 4
	on conflict (dimension, bucket_level, bucket_start, dimension_value) do update set
		entry_count = r.entry_count + excluded.entry_count,
		cost_sum = r.cost_sum + excluded.cost_sum,
		duration_sum = r.duration_sum + excluded.duration_sum`;

const addToContactRollup = (changes: string) => `
	insert into interaction_log_contact_rollup as r
		(bucket_level, bucket_start, contact_no, contact_company_no, entry_count, cost_sum, duration_sum)
	select k.bucket_level,
		case k.bucket_level
			when 'm' then date_trunc('month', c.occurred_at, 'UTC')
			else timestamptz '-infinity'
		end,
		coalesce(c.contact_no, ''), coalesce(c.contact_company_no, ''),
		sum(c.sign), sum(c.sign * c.cost), sum(c.sign * c.duration_min)
	from (${changes}) c
	cross join (values ('a'), ('m')) k (bucket_level)
	group by 1, 2, 3, 4
	having sum(c.sign) <> 0 or sum(c.sign * c.cost) <> 0 or sum(c.sign * c.duration_min) <> 0
	order by 1, 2, 3, 4
	on conflict (bucket_level, bucket_start, contact_no, contact_company_no) do update set
		entry_count = r.entry_count + excluded.entry_count,
		cost_sum = r.cost_sum + excluded.cost_sum,
		duration_sum = r.duration_sum + excluded.duration_sum`;

// `set search_path from current` pins the functions to the schema they were created in, so a
// writer with another search path (psql, another tool) still updates these sums.
const triggerFunction = (name: string, body: string) => `
	create function ${name}() returns trigger language plpgsql
	set search_path from current as $$
	begin
		${body};
		return null;
	end $$`;

const TRIGGERS = [
	{ name: 'interaction_log_rollup_after_insert', event: 'insert', changes: insertedChanges },
	{ name: 'interaction_log_rollup_after_update', event: 'update', changes: updatedChanges },
	{ name: 'interaction_log_rollup_after_delete', event: 'delete', changes: deletedChanges },
];

const TRANSITION_TABLES: Record<string, string> = {
	insert: 'new table as new_rows',
	update: 'old table as old_rows new table as new_rows',
	delete: 'old table as old_rows',
};

export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table interaction_log_rollup (
			dimension varchar(12) not null,
			bucket_level char(1) not null,
			bucket_start timestamptz not null,
			dimension_value varchar(20) not null,
			entry_count bigint not null,
			cost_sum numeric not null,
			duration_sum numeric not null,
			constraint interaction_log_rollup_pkey
				primary key (dimension, bucket_level, bucket_start, dimension_value),
			constraint interaction_log_rollup_dimension_check
				check (dimension in ('all', 'template', 'group', 'salesperson', 'campaign')),
			constraint interaction_log_rollup_bucket_level_check
				check (bucket_level in ('q', 'h', 'd', 'm'))
		)`);
	await knex.raw(`comment on table interaction_log_rollup is
		'count, cost and duration of the entries that count in statistics (not canceled, not postponed), per dimension value and UTC bucket; kept by triggers on interaction_log_entries'`);
	await knex.raw(`comment on column interaction_log_rollup.bucket_level is
		'q: 15 minutes, h: hour, d: day, m: month, each starting at bucket_start (UTC)'`);
	await knex.raw(`comment on column interaction_log_rollup.dimension_value is
		'the template, group, salesperson or campaign code; empty for a blank code and for dimension all'`);

	await knex.raw(`
		create table interaction_log_contact_rollup (
			bucket_level char(1) not null,
			bucket_start timestamptz not null,
			contact_no varchar(20) not null,
			contact_company_no varchar(20) not null,
			entry_count bigint not null,
			cost_sum numeric not null,
			duration_sum numeric not null,
			constraint interaction_log_contact_rollup_pkey
				primary key (bucket_level, bucket_start, contact_no, contact_company_no),
			constraint interaction_log_contact_rollup_bucket_level_check
				check (bucket_level in ('m', 'a'))
		)`);
	await knex.raw(`comment on table interaction_log_contact_rollup is
		'count, cost and duration of the entries that count in statistics, per contact and contact company; level m by UTC month, level a all time (bucket_start -infinity); empty for a blank number'`);
	// The contact summary: a person's own sums, and a company's over its persons
	// (docs/domain.md#s12).
	await knex.raw(`create index interaction_log_contact_rollup_contact_idx
		on interaction_log_contact_rollup (contact_no) where bucket_level = 'a'`);
	await knex.raw(`create index interaction_log_contact_rollup_company_idx
		on interaction_log_contact_rollup (contact_company_no) where bucket_level = 'a'`);

	// Held until this migration commits: no entry is written between the backfill and the triggers.
	await knex.raw('lock table interaction_log_entries in share row exclusive mode');
	for (const { name, event, changes } of TRIGGERS) {
		await knex.raw(
			triggerFunction(name, `${addToRollup(changes)};\n${addToContactRollup(changes)}`),
		);
		await knex.raw(`create trigger ${name} after ${event} on interaction_log_entries
			referencing ${TRANSITION_TABLES[event]} for each statement execute function ${name}()`);
	}
	// A delete, not a truncate: a truncate of the entries that lists the sums too still has them
	// open when this trigger runs.
	await knex.raw(
		triggerFunction(
			'interaction_log_rollup_after_truncate',
			'delete from interaction_log_rollup;\n\t\tdelete from interaction_log_contact_rollup',
		),
	);
	await knex.raw(`create trigger interaction_log_rollup_after_truncate
		after truncate on interaction_log_entries
		for each statement execute function interaction_log_rollup_after_truncate()`);

	const existing = `select 1 as sign, ${CHANGE_COLUMNS.join(', ')} from interaction_log_entries where ${COUNTED}`;
	await knex.raw(addToRollup(existing));
	await knex.raw(addToContactRollup(existing));
}

export async function down(knex: Knex): Promise<void> {
	for (const name of [
		'interaction_log_rollup_after_truncate',
		...TRIGGERS.map((trigger) => trigger.name).reverse(),
	]) {
		await knex.raw(`drop trigger ${name} on interaction_log_entries`);
		await knex.raw(`drop function ${name}()`);
	}
	await knex.raw('drop table interaction_log_contact_rollup');
	await knex.raw('drop table interaction_log_rollup');
}
