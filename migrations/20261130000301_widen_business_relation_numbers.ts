import type { Knex } from 'knex';

/**
 * A business relation's number is another system's id for the contact, kept exactly as that
 * system writes it (case-sensitive, e.g. a Stripe `cus_…` or a Xero ContactID, a UUID of 36
 * characters): it now takes up to 250 characters. Widening a varchar rewrites neither the table
 * nor its primary key.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(
		'alter table contact_business_relations alter column external_no type varchar(250)',
	);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw(
		'alter table contact_business_relations alter column external_no type varchar(50)',
	);
}
