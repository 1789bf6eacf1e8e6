import type { Knex } from 'knex';

/**
 * Retention policies (storage limitation): keep the entries of a template, or of a group (for its
 * templates without a policy of their own), `keep_months` after they occurred; scope `canceled`
 * deletes only canceled entries, `all` every entry. Purge Canceled applies them in its Retention
 * mode, with the purge's batching, dry run and audit. Deleting a template or group deletes its
 * policy; renaming one follows.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table interaction_retention_policies (
			template_code varchar(10)
				constraint interaction_retention_policies_template_fk references interaction_templates (code)
				on update cascade on delete cascade
				constraint interaction_retention_policies_template_unique unique,
			group_code varchar(10)
				constraint interaction_retention_policies_group_fk references interaction_groups (code)
				on update cascade on delete cascade
				constraint interaction_retention_policies_group_unique unique,
			keep_months integer not null,
			scope varchar(10) not null,
			description varchar(100) not null default '',
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			constraint interaction_retention_policies_target_check
				check ((template_code is null) <> (group_code is null)),
			constraint interaction_retention_policies_keep_months_check
				check (keep_months between 1 and 1200),
			constraint interaction_retention_policies_scope_check check (scope in ('canceled', 'all'))
		)`);
	await knex.raw(`comment on table interaction_retention_policies is
		'keep the entries of a template (or of a group, for its templates without a policy of their own) keep_months after they occurred; scope canceled: only canceled entries are deleted, all: every entry'`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop table interaction_retention_policies');
}
