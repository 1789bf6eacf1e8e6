import type { Knex } from 'knex';

/**
 * Contacts with their business relations (docs/domain.md#s13, docs/domain.md#s7-2: a document event
 * finds its contact through the customer or vendor number), segments with their lines, and logged
 * segments (docs/domain.md#s6).
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table contacts (
			contact_no varchar(20) primary key,
			type varchar(10) not null,
			-- A company's company_no is its own number; a person's is its company, if any.
			company_no varchar(20)
				constraint contacts_company_fk references contacts (contact_no)
				on update cascade on delete restrict,
			name varchar(100) not null default '',
			email varchar(80),
			phone varchar(30),
			correspondence_type varchar(10),
			salesperson_code varchar(20),
			privacy_blocked boolean not null default false,
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			constraint contacts_contact_no_check
				check (contact_no <> '' and contact_no = upper(btrim(contact_no))),
			constraint contacts_type_check check (type in ('company', 'person')),
			constraint contacts_company_no_check
				check (type = 'person' or company_no = contact_no),
			constraint contacts_correspondence_type_check
				check (correspondence_type in ('hard_copy', 'email', 'fax'))
		)`);
	await knex.raw('create index contacts_company_idx on contacts (company_no)');
	await knex.raw('create index contacts_name_idx on contacts (lower(name))');

	await knex.raw(`
		create table contact_business_relations (
			relation varchar(20) not null,
			external_no varchar(50) not null,
			contact_no varchar(20) not null
				constraint contact_business_relations_contact_fk references contacts (contact_no)
				on update cascade on delete cascade,
			constraint contact_business_relations_pkey primary key (relation, external_no),
			constraint contact_business_relations_relation_check
				check (relation ~ '^[a-z][a-z0-9_]*$')
		)`);
	await knex.raw(`comment on table contact_business_relations is
		'numbers other systems use for a contact: relation customer or vendor (or a custom one) and its number there'`);
	await knex.raw(
		'create index contact_business_relations_contact_idx on contact_business_relations (contact_no)',
	);

	await knex.raw(`
		create table segments (
			segment_no varchar(20) primary key,
			description varchar(100) not null default '',
			template_code varchar(10)
				constraint segments_template_fk references interaction_templates (code)
				on update cascade on delete set null,
			-- Interaction defaults the lines inherit (copied from the template when it is assigned).
			group_code varchar(10),
			subject varchar(100),
			salesperson_code varchar(20),
			campaign_no varchar(20),
			campaign_target boolean not null default false,
			campaign_response boolean not null default false,
			correspondence_type varchar(10),
			ignore_contact_corres_type boolean not null default false,
			information_flow varchar(10),
			initiated_by varchar(10),
			unit_cost numeric(18, 2) not null default 0,
			unit_duration_min numeric(12, 2) not null default 0,
			language_code varchar(10),
			interaction_date date,
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			constraint segments_segment_no_check
				check (segment_no <> '' and segment_no = upper(btrim(segment_no))),
			constraint segments_unit_cost_check check (unit_cost >= 0),
			constraint segments_unit_duration_check check (unit_duration_min >= 0),
			constraint segments_information_flow_check
				check (information_flow in ('outbound', 'inbound')),
			constraint segments_initiated_by_check check (initiated_by in ('us', 'them')),
			constraint segments_correspondence_type_check
				check (correspondence_type in ('hard_copy', 'email', 'fax'))
		)`);

	await knex.raw(`
		create table segment_lines (
			segment_no varchar(20) not null
				constraint segment_lines_segment_fk references segments (segment_no)
				on update cascade on delete cascade,
			line_no integer not null,
			contact_no varchar(20) not null
				constraint segment_lines_contact_fk references contacts (contact_no)
				on update cascade on delete restrict,
			-- Each line's own values; null inherits the segment's default at logging time.
			template_code varchar(10)
				constraint segment_lines_template_fk references interaction_templates (code)
				on update cascade on delete set null,
			description varchar(100),
			subject varchar(100),
			salesperson_code varchar(20),
			correspondence_type varchar(10),
			cost numeric(18, 2),
			duration_min numeric(12, 2),
			evaluation varchar(20),
			attempt_failed boolean not null default false,
			created_at timestamptz not null default now(),
			constraint segment_lines_pkey primary key (segment_no, line_no),
			constraint segment_lines_contact_unique unique (segment_no, contact_no),
			constraint segment_lines_cost_check check (cost >= 0),
			constraint segment_lines_duration_check check (duration_min >= 0),
			constraint segment_lines_correspondence_type_check
				check (correspondence_type in ('hard_copy', 'email', 'fax')),
			constraint segment_lines_evaluation_check
				check (evaluation in ('very_positive', 'positive', 'neutral', 'negative', 'very_negative'))
		)`);
	await knex.raw('create index segment_lines_contact_idx on segment_lines (contact_no)');

	await knex.raw(`
		create table logged_segments (
			entry_no bigint generated always as identity primary key,
			-- A segment number can be logged once (docs/domain.md#s6-3).
			segment_no varchar(20) not null constraint logged_segments_segment_no_unique unique,
			description varchar(100) not null default '',
			entry_count integer not null default 0,
			idempotency_key varchar(200) constraint logged_segments_idempotency_key_unique unique,
			canceled boolean not null default false,
			canceled_at timestamptz,
			canceled_by varchar(200),
			created_at timestamptz not null default now(),
			created_by varchar(200)
		)`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop table logged_segments');
	await knex.raw('drop table segment_lines');
	await knex.raw('drop table segments');
	await knex.raw('drop table contact_business_relations');
	await knex.raw('drop table contacts');
}
