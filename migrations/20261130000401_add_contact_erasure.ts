import type { Knex } from 'knex';

/**
 * Privacy by design: erasing a contact on request, and exporting what is stored about one.
 *
 * - `interaction_log_events.contact_no`: the contact an entry's event was about, written with the
 *   event, so an entry's history can still be found (exported, erased) after the entry is purged.
 *   Backfilled from the entries still in the log.
 * - event type `erased`: one audit event per erasure, without personal data. The type list is read
 *   from the constraint as it stands and widened, so a migration that adds another type before
 *   this one keeps it.
 * - `erased_contact_keys`: a SHA-256 of each erased contact number, so logging for a number that
 *   was erased is refused in words; the pseudonym that replaced the number is not stored with it.
 * - `contacts_erased_check`: a pseudonymous contact (`ERASED-…`, reserved) stays privacy-blocked.
 */
export async function up(knex: Knex): Promise<void> {
	await knex.raw('alter table interaction_log_events add column contact_no varchar(20)');
	await knex.raw(`update interaction_log_events v set contact_no = e.contact_no
		from interaction_log_entries e
		where e.entry_no = v.entry_no and e.contact_no is not null`);
	await knex.raw(`create index interaction_log_events_contact_idx
		on interaction_log_events (contact_no) where contact_no is not null`);
	await knex.raw(`comment on column interaction_log_events.contact_no is
		'the contact of the entry when the event was written; finds the history of purged entries'`);

	await widenEventTypes(knex, ['erased']);

	await knex.raw(`
		create table erased_contact_keys (
			key_hash char(64) primary key
		)`);
	await knex.raw(`comment on table erased_contact_keys is
		'SHA-256 (hex) of the numbers of erased contacts: logging for them is refused in words; no link to their pseudonyms'`);

	await knex.raw(`alter table contacts add constraint contacts_erased_check
		check (contact_no not like 'ERASED-%' or privacy_blocked)`);
}

const TYPE_CONSTRAINT = 'interaction_log_events_type_check';

async function eventTypes(knex: Knex): Promise<string[]> {
	const { rows } = await knex.raw<{ rows: { definition: string }[] }>(
		`select pg_get_constraintdef(c.oid) as definition
		from pg_constraint c
		where c.conname = ? and c.conrelid = 'interaction_log_events'::regclass`,
		[TYPE_CONSTRAINT],
	);
	const definition = rows[0]?.definition ?? '';
	return [...definition.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
}

async function setEventTypes(knex: Knex, types: readonly string[]): Promise<void> {
	await knex.raw(`alter table interaction_log_events drop constraint ${TYPE_CONSTRAINT}`);
	await knex.raw(`alter table interaction_log_events add constraint ${TYPE_CONSTRAINT}
		check (event_type in (${types.map((type) => `'${type}'`).join(', ')}))`);
}

async function widenEventTypes(knex: Knex, added: readonly string[]): Promise<void> {
	const types = await eventTypes(knex);
	await setEventTypes(knex, [...new Set([...types, ...added])]);
}

export async function down(knex: Knex): Promise<void> {
	await knex.raw('alter table contacts drop constraint contacts_erased_check');
	await knex.raw('drop table erased_contact_keys');
	await knex.raw("delete from interaction_log_events where event_type = 'erased'");
	await setEventTypes(
		knex,
		(await eventTypes(knex)).filter((type) => type !== 'erased'),
	);
	await knex.raw('alter table interaction_log_events drop column contact_no');
}
