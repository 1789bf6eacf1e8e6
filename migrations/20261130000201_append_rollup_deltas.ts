import type { Knex } from 'knex';

import * as createLogRollup from './20261125000031_create_log_rollup';

/**
 * The sums of the log kept without a row that every writer must update. Until now each statement
 * added its changes to the sum rows in the writer's transaction, so every writer whose entries fell
 * in the same month (or day, template, salesperson) updated the same rows and waited for the
 * others to commit. Now:
 * - each statement appends one row per entry that starts or stops counting (or moves between
 *   sums) to `interaction_log_rollup_deltas`: an insert into a table without keys, which conflicts
 *   with nothing and waits for no one;
 * - readers add the deltas not yet folded to the folded sums, in the same statement (one
 *   snapshot): the statistics stay exact whoever writes the log and however far folding lags;
 * - folding (adding the deltas to the sum rows and deleting them, in one transaction) is done by
 *   one session at a time: whoever takes the fold lock, a transaction-level advisory lock tried
 *   without waiting (the `skip locked` of a lock row, without a row that a truncate of the log's
 *   tables could remove); a session that finds it taken leaves the folding to its holder and goes
 *   on. A statement whose deltas pass a multiple of FOLD_EVERY delta numbers folds the deltas of
 *   earlier statements, never its own, and only in read committed (a repeatable read writer could
 *   fail to serialize with a concurrent folder); the library folds too (`foldRollup`).
 *
 * The sum rows themselves are unchanged: only the folder writes them, so writers never wait for
 * each other on them. `down` folds what is pending and goes back to the sums kept in the
 * writer's transaction.
 */

const FOLD_EVERY = 1024;

// The fold lock: a fixed class and the deltas table's oid, so each schema folds on its own.
const FOLD_LOCK = "1229866061, 'interaction_log_rollup_deltas'::regclass::oid::int";

const COUNTED = 'not canceled and not postponed';

const DELTA_COLUMNS = [
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
const SUMMED_COLUMNS = ['canceled', 'postponed', ...DELTA_COLUMNS];

const columnsOf = (alias: string, columns: string[]) =>
	columns.map((column) => `${alias}.${column}`).join(', ');

const appendDeltas = (changes: string) =>
	`insert into interaction_log_rollup_deltas (sign, ${DELTA_COLUMNS.join(', ')}) ${changes}`;

const insertedChanges = `select 1, ${DELTA_COLUMNS.join(', ')} from new_rows where ${COUNTED}`;

const deletedChanges = `select -1, ${DELTA_COLUMNS.join(', ')} from old_rows where ${COUNTED}`;

// An update takes the old row out and puts the new one in, only when a summed column changed.
const updatedChanges = `
	select -1, ${columnsOf('o', DELTA_COLUMNS)}
	from old_rows o left join new_rows n on n.entry_no = o.entry_no
	where not o.canceled and not o.postponed and (n.entry_no is null
		or (${columnsOf('o', SUMMED_COLUMNS)}) is distinct from (${columnsOf('n', SUMMED_COLUMNS)}))
	union all
	select 1, ${columnsOf('n', DELTA_COLUMNS)}
	from new_rows n left join old_rows o on o.entry_no = n.entry_no
	where not n.canceled and not n.postponed and (o.entry_no is null
		or (${columnsOf('o', SUMMED_COLUMNS)}) is distinct from (${columnsOf('n', SUMMED_COLUMNS)}))`;

// The fold: deletes the deltas it sees (numbered below `before`, all when null) and adds them to
// the sum rows, in one statement. The deltas are first added up per quarter hour and dimension
// values, so a fold of many entries upserts each sum row once. Sum rows are upserted in key order.
const FOLD_FUNCTION = `
	create function interaction_log_fold_rollup(before bigint) returns bigint language plpgsql
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
			select k.bucket_level, case k.bucket_level when 'm' then c.m else timestamptz '-infinity' end,
				c.contact_no, c.contact_company_no, sum(c.n), sum(c.cost), sum(c.duration)
			from contact_months c
			cross join (values ('a'), ('m')) k (bucket_level)
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

// A statement's deltas: appended; when their numbers pass a multiple of FOLD_EVERY, the deltas
// of earlier statements are folded (read committed only). currval is this session's last number.
const appendFunction = (name: string, changes: string) => `
	create or replace function ${name}() returns trigger language plpgsql
	set search_path from current as $$
	declare
		appended bigint;
		last_no bigint;
	begin
		${appendDeltas(changes)};
		get diagnostics appended = row_count;
		if appended = 0 then
			return null;
		end if;
		last_no := currval(pg_get_serial_sequence('interaction_log_rollup_deltas', 'delta_no'));
		if last_no / ${FOLD_EVERY} > (last_no - appended) / ${FOLD_EVERY}
			and current_setting('transaction_isolation') = 'read committed' then
			perform interaction_log_fold_rollup(last_no - appended + 1);
		end if;
		return null;
	end $$`;

const TRIGGERS = [
	{ name: 'interaction_log_rollup_after_insert', changes: insertedChanges },
	{ name: 'interaction_log_rollup_after_update', changes: updatedChanges },
	{ name: 'interaction_log_rollup_after_delete', changes: deletedChanges },
];

export async function up(knex: Knex): Promise<void> {
	// No index and no key: appending is all a writer does, and a reader or the folder reads the
	// deltas whole (they are few: folded every FOLD_EVERY).
	await knex.raw(`
		create table interaction_log_rollup_deltas (
			delta_no bigint generated always as identity,
			sign smallint not null,
			occurred_at timestamptz not null,
			template_code varchar(10) not null,
			group_code varchar(10) not null,
			salesperson_code varchar(20),
			campaign_no varchar(20),
			contact_no varchar(20),
			contact_company_no varchar(20),
			cost numeric(18, 2) not null,
			duration_min numeric(12, 2) not null,
			constraint interaction_log_rollup_deltas_sign_check check (abs(sign) = 1)
		)`);
	await knex.raw(`comment on table interaction_log_rollup_deltas is
		'changes to the sums of the log not yet folded into interaction_log_rollup and interaction_log_contact_rollup: one row per entry that starts (+1) or stops (-1) counting; readers add them to the folded sums'`);

	await knex.raw('lock table interaction_log_entries in share row exclusive mode');
	await knex.raw(FOLD_FUNCTION);
	for (const { name, changes } of TRIGGERS) await knex.raw(appendFunction(name, changes));
	await knex.raw(`
		create or replace function interaction_log_rollup_after_truncate() returns trigger
		language plpgsql set search_path from current as $$
		begin
			perform pg_advisory_xact_lock(${FOLD_LOCK});
			delete from interaction_log_rollup_deltas;
			delete from interaction_log_rollup;
			delete from interaction_log_contact_rollup;
			return null;
		end $$`);
}

export async function down(knex: Knex): Promise<void> {
	// The sums as the earlier migration keeps them: rebuilt from the entries with its triggers.
	await createLogRollup.down(knex);
	await knex.raw('drop function interaction_log_fold_rollup(bigint)');
	await knex.raw('drop table interaction_log_rollup_deltas');
	await createLogRollup.up(knex);
}
