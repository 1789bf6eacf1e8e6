import type { Knex } from 'knex';

/**
 * Number series (Business Central's "No. Series"): the numbers given to contacts created without
 * one ("Contact Nos."), a prefix and a zero-padded counter, e.g. CT000001. One row per series
 * holding the last number taken; a writer locks it until it commits (lib/contacts/number-series.ts
 * says why a row and not a sequence). Seeded with the contact series CT + 6 digits.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`
		create table number_series (
			code varchar(20) primary key,
			prefix varchar(19) not null default '',
			width integer not null,
			last_no bigint not null default 0,
			updated_at timestamptz not null default now(),
			constraint number_series_prefix_check check (prefix = upper(btrim(prefix))),
			constraint number_series_width_check
				check (width between 1 and 15 and char_length(prefix) + width <= 20),
			constraint number_series_last_no_check check (last_no >= 0)
		)`);
	await knex.raw(`comment on table number_series is
		'the last number taken of each number series; code contact: contacts created without a number'`);
	await knex.raw(`insert into number_series (code, prefix, width) values ('contact', 'CT', 6)`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop table number_series');
}
