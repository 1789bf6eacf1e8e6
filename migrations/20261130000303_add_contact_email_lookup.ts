import type { Knex } from 'knex';

/**
 * Finding contacts by e-mail address (case-insensitive), and companies by the domain of their
 * e-mail address or of their home page (`home_page`, Business Central's "Home Page").
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw('alter table contacts add column home_page varchar(255)');
	await knex.raw('create index contacts_email_idx on contacts (lower(email))');
	await knex.raw(`create index contacts_email_domain_idx
		on contacts (lower(split_part(email, '@', 2))) where type = 'company'`);
	// The host of a home page: scheme, "www.", port, path and query left out. No "?" in the
	// pattern (Knex would read it as a binding); lib/contacts/email.ts matches by the same text.
	await knex.raw(`create index contacts_home_page_domain_idx
		on contacts (lower(regexp_replace(home_page, '^([a-z][a-z0-9+.-]*://){0,1}(www\\.){0,1}([^/:#\\x3f]+).*$', '\\3', 'i')))
		where type = 'company'`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop index contacts_home_page_domain_idx');
	await knex.raw('drop index contacts_email_domain_idx');
	await knex.raw('drop index contacts_email_idx');
	await knex.raw('alter table contacts drop column home_page');
}
