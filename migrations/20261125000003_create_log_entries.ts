import type { Knex } from 'knex';

/**
 * The interaction log (docs/domain.md#s5): one row per interaction, with every template default
 * copied at logging time so later template changes never rewrite history; its comment lines; and
 * the append-only audit of what happened to entries, which survives a purge.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table interaction_log_entries (
			entry_no bigint generated always as identity primary key,
			-- No foreign keys to contacts and templates: entries are history and outlive both.
			contact_no varchar(20),
			contact_company_no varchar(20),
			occurred_at timestamptz not null,
			time_zone varchar(64) not null default 'UTC',
			template_code varchar(10) not null,
			group_code varchar(10) not null,
			description varchar(100) not null default '',
			subject varchar(100),
			information_flow varchar(10),
			initiated_by varchar(10),
			correspondence_type varchar(10),
			cost numeric(18, 2) not null default 0,
			duration_min numeric(12, 2) not null default 0,
			evaluation varchar(20),
			attempt_failed boolean not null default false,
			postponed boolean not null default false,
			canceled boolean not null default false,
			canceled_at timestamptz,
			canceled_by varchar(200),
			document_kind varchar(50),
			document_no varchar(50),
			version_no integer not null default 0,
			doc_no_occurrence integer not null default 0,
			segment_no varchar(20),
			logged_segment_entry_no bigint
				constraint interaction_log_entries_logged_segment_fk references logged_segments (entry_no)
				on delete set null,
			salesperson_code varchar(20),
			campaign_no varchar(20),
			campaign_target boolean not null default false,
			campaign_response boolean not null default false,
			opportunity_no varchar(20),
			language_code varchar(10),
			contact_via varchar(80),
			idempotency_key varchar(200),
			recorded_by varchar(200),
			recorded_at timestamptz not null default now(),
			constraint interaction_log_entries_cost_check check (cost >= 0),
			constraint interaction_log_entries_duration_check check (duration_min >= 0),
			constraint interaction_log_entries_information_flow_check
				check (information_flow in ('outbound', 'inbound')),
			constraint interaction_log_entries_initiated_by_check check (initiated_by in ('us', 'them')),
			constraint interaction_log_entries_correspondence_type_check
				check (correspondence_type in ('hard_copy', 'email', 'fax')),
			constraint interaction_log_entries_evaluation_check
				check (evaluation in ('very_positive', 'positive', 'neutral', 'negative', 'very_negative')),
			constraint interaction_log_entries_canceled_at_check
				check (canceled or canceled_at is null),
			constraint interaction_log_entries_document_check
				check (document_no is null or document_kind is not null)
		)`);
	await knex.raw(`comment on column interaction_log_entries.time_zone is
		'IANA time zone the interaction was recorded in (occurred_at itself is an instant)'`);
	await knex.raw(`comment on column interaction_log_entries.doc_no_occurrence is
		'tells apart documents that reuse a number after deletion (reference §7.1); 0 when unknown'`);

	// A contact's timeline, newest first (Query Log, contact summary).
	await knex.raw(`create index interaction_log_entries_contact_timeline_idx
		on interaction_log_entries (contact_no, occurred_at desc, entry_no desc)`);
	// A company's timeline: its own entries and those of its persons.
	await knex.raw(`create index interaction_log_entries_company_timeline_idx
		on interaction_log_entries (contact_company_no, occurred_at desc, entry_no desc)`);
	// Statistics by template, group and salesperson count only live entries (docs/domain.md#s12).
	await knex.raw(`create index interaction_log_entries_template_stats_idx
		on interaction_log_entries (template_code, occurred_at)
		include (cost, duration_min) where not canceled and not postponed`);
	await knex.raw(`create index interaction_log_entries_group_stats_idx
		on interaction_log_entries (group_code, occurred_at)
		include (cost, duration_min) where not canceled and not postponed`);
	await knex.raw(`create index interaction_log_entries_salesperson_stats_idx
		on interaction_log_entries (salesperson_code, occurred_at)
		include (cost, duration_min) where not canceled and not postponed`);
	// Purge walks only canceled rows.
	await knex.raw(`create index interaction_log_entries_canceled_idx
		on interaction_log_entries (entry_no) where canceled`);
	await knex.raw(`create index interaction_log_entries_logged_segment_idx
		on interaction_log_entries (logged_segment_entry_no) where logged_segment_entry_no is not null`);
	// Retries are normal: a webhook's event id, or the document itself, identifies a write.
	await knex.raw(`create unique index interaction_log_entries_idempotency_key_idx
		on interaction_log_entries (idempotency_key) where idempotency_key is not null`);
	await knex.raw(`create unique index interaction_log_entries_document_idx
		on interaction_log_entries (document_kind, document_no, version_no, doc_no_occurrence, contact_no)
		where document_no is not null`);

	await knex.raw(`
		create table interaction_log_comments (
			entry_no bigint not null
				constraint interaction_log_comments_entry_fk references interaction_log_entries (entry_no)
				on delete cascade,
			line_no integer not null,
			comment_date date not null default current_date,
			comment varchar(250) not null,
			constraint interaction_log_comments_pkey primary key (entry_no, line_no)
		)`);

	await knex.raw(`
		create table interaction_log_events (
			event_no bigint generated always as identity primary key,
			event_type varchar(20) not null,
			-- No foreign key: the audit outlives purged entries.
			entry_no bigint,
			logged_segment_entry_no bigint,
			occurred_at timestamptz not null default now(),
			actor varchar(200),
			reason varchar(500),
			details jsonb,
			constraint interaction_log_events_type_check
				check (event_type in ('recorded', 'canceled', 'restored', 'purged'))
		)`);
	await knex.raw(`create index interaction_log_events_entry_idx
		on interaction_log_events (entry_no) where entry_no is not null`);
	await knex.raw(`comment on table interaction_log_events is
		'append-only audit: recorded, canceled, restored, purged; entry_no may point at a purged entry'`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop table interaction_log_events');
	await knex.raw('drop table interaction_log_comments');
	await knex.raw('drop table interaction_log_entries');
}
