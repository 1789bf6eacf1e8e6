import type { Knex } from 'knex';

/**
 * Interaction groups, templates and the template setup (docs/domain.md#s2, docs/domain.md#s3,
 * docs/domain.md#s4). Codes are stored trimmed and upper-cased, as Business Central's Code fields
 * are. The setup is seeded with every builtin document kind (docs/domain.md#s4), blank (a blank
 * slot means "do not record").
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table interaction_groups (
			code varchar(10) primary key,
			description varchar(100) not null default '',
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			constraint interaction_groups_code_check check (code <> '' and code = upper(btrim(code)))
		)`);

	await knex.raw(`
		create table interaction_templates (
			code varchar(10) primary key,
			-- A template needs an existing group; renaming a group follows into its templates.
			group_code varchar(10) not null
				constraint interaction_templates_group_fk references interaction_groups (code)
				on update cascade on delete restrict,
			description varchar(100) not null default '',
			unit_cost numeric(18, 2) not null default 0,
			unit_duration_min numeric(12, 2) not null default 0,
			information_flow varchar(10),
			initiated_by varchar(10),
			correspondence_type varchar(10),
			ignore_contact_corres_type boolean not null default false,
			campaign_no varchar(20),
			campaign_target boolean not null default false,
			campaign_response boolean not null default false,
			language_code varchar(10),
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			constraint interaction_templates_code_check check (code <> '' and code = upper(btrim(code))),
			constraint interaction_templates_unit_cost_check check (unit_cost >= 0),
			constraint interaction_templates_unit_duration_check check (unit_duration_min >= 0),
			constraint interaction_templates_information_flow_check
				check (information_flow in ('outbound', 'inbound')),
			constraint interaction_templates_initiated_by_check check (initiated_by in ('us', 'them')),
			constraint interaction_templates_correspondence_type_check
				check (correspondence_type in ('hard_copy', 'email', 'fax'))
		)`);
	await knex.raw(
		'create index interaction_templates_group_idx on interaction_templates (group_code)',
	);
	await knex.raw(`comment on column interaction_templates.information_flow is
		'outbound: information went to the contact; inbound: received from the contact; null: blank'`);

	await knex.raw(`
		create table interaction_template_setup (
			document_kind varchar(50) primary key,
			-- A template in use by a slot cannot be deleted; the library names the slot first.
			template_code varchar(10)
				constraint interaction_template_setup_template_fk references interaction_templates (code)
				on update cascade on delete restrict,
			is_custom boolean not null default false,
			description varchar(100) not null default '',
			updated_at timestamptz not null default now(),
			constraint interaction_template_setup_kind_check
				check (document_kind ~ '^[a-z][a-z0-9_]*$')
		)`);
	await knex.raw(`comment on column interaction_template_setup.template_code is
		'template used when a document event of this kind arrives; null means do not record'`);
	await knex.raw(`
		insert into interaction_template_setup (document_kind, description) values
			('sales_quote', 'Sales quotes'),
			('sales_blanket_order', 'Sales blanket orders'),
			('sales_order_confirmation', 'Sales order confirmations'),
			('sales_invoice', 'Sales invoices'),
			('sales_draft_invoice', 'Sales draft invoices'),
			('sales_shipment', 'Sales shipment notes'),
			('sales_credit_memo', 'Sales credit memos'),
			('sales_statement', 'Sales statements'),
			('sales_reminder', 'Sales reminders'),
			('sales_finance_charge_memo', 'Sales finance charge memos'),
			('sales_return_order', 'Sales return orders'),
			('sales_return_receipt', 'Sales return receipts'),
			('purchase_quote', 'Purchase quotes'),
			('purchase_blanket_order', 'Purchase blanket orders'),
			('purchase_order', 'Purchase orders'),
			('purchase_invoice', 'Purchase invoices'),
			('purchase_receipt', 'Purchase receipts'),
			('purchase_credit_memo', 'Purchase credit memos'),
			('purchase_return_shipment', 'Purchase return shipments'),
			('purchase_return_order_confirmation', 'Purchase return order confirmations'),
			('service_order_create', 'Service orders created'),
			('service_order_post', 'Service orders posted'),
			('service_contract', 'Service contracts'),
			('service_contract_quote', 'Service contract quotes'),
			('service_quote', 'Service quotes'),
			('email', 'E-mails'),
			('email_draft', 'E-mail drafts'),
			('cover_sheet', 'Cover sheets'),
			('outgoing_call', 'Outgoing calls'),
			('meeting_invitation', 'Meeting invitations')`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop table interaction_template_setup');
	await knex.raw('drop table interaction_templates');
	await knex.raw('drop table interaction_groups');
}
