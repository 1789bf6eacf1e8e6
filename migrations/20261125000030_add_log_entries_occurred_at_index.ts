import type { Knex } from 'knex';

/**
 * The log in time order, whoever the entries are for: Query Log lists filtered by date alone, and
 * statistics count the few entries at the edges of a date range that no whole rollup bucket
 * covers (a range starting at 14:07, or a day starting at :30 past the hour). No backfill: an
 * index covers existing rows when it is built.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw(`create index interaction_log_entries_occurred_at_idx
		on interaction_log_entries (occurred_at desc, entry_no desc)`);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('drop index interaction_log_entries_occurred_at_idx');
}
