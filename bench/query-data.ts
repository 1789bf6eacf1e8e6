import type { Knex } from 'knex';

import { sqlArray } from '../lib/core';
import { foldRollup } from '../lib/statistics';

// The log the query benchmark reads: 10,000 contacts (2,000 companies, 8,000 persons), 1,000,000
// entries over two years (one every 63 s), 20 templates in 5 groups, 20 salespersons, 10
// campaigns. Person CT02000 is the large contact: every tenth entry, 100,000 in all, none canceled
// or postponed; the others spread over the remaining persons. 2 % canceled, 0.5 % postponed.

export const TIME_ZONE = 'Europe/Berlin';
export const LARGE_CONTACT = 'CT02000';
const CHUNK = 100_000;

const contactNo = (index: string) => `'CT' || lpad((${index})::text, 5, '0')`;

/** Builds the log set-based (generate_series), `entries` rows, the rollup kept by its triggers. */
export async function buildLog(db: Knex, entries: number): Promise<void> {
	await db.raw(`insert into interaction_groups (code, description)
		select 'G' || i, 'Group ' || i from generate_series(0, 4) i`);
	await db.raw(`insert into interaction_templates (code, group_code, description)
		select 'T' || lpad(i::text, 2, '0'), 'G' || (i % 5), 'Template ' || i
		from generate_series(0, 19) i`);
	await db.raw(`insert into contacts (contact_no, type, company_no, name)
		select ${contactNo('i')}, case when i < 2000 then 'company' else 'person' end,
			${contactNo('case when i < 2000 then i else i % 2000 end')}, 'Contact ' || i
		from generate_series(0, 9999) i`);
	for (let from = 1; from <= entries; from += CHUNK) {
		await db.raw(
			`insert into interaction_log_entries (contact_no, contact_company_no, occurred_at, time_zone,
				template_code, group_code, description, information_flow, initiated_by, cost,
				duration_min, attempt_failed, postponed, canceled, canceled_at, salesperson_code,
				campaign_no)
			select ${contactNo('p.i')}, ${contactNo('p.i % 2000')},
				timestamptz '2025-01-01 00:00:00+00' + g * interval '63 seconds', ?,
				'T' || lpad((g * 7 % 20)::text, 2, '0'), 'G' || (g * 7 % 20 % 5), 'Interaction ' || g,
				case when g % 3 = 0 then 'inbound' else 'outbound' end,
				case when g % 4 = 0 then 'them' else 'us' end,
				(g % 100) / 4.0, g % 60, g % 30 = 0, p.other and g % 200 = 1, p.other and g % 50 = 7,
				case when p.other and g % 50 = 7 then now() end,
				'SP' || (g % 20), case when g % 11 < 10 then 'CP' || (g % 11) end
			from generate_series(?::int, ?::int) g
			cross join lateral (
				select g % 10 <> 0 as other,
					case when g % 10 = 0 then 2000 else 2001 + (hashint4(g) & 2147483647) % 7999 end as i
			) p`,
			[TIME_ZONE, from, Math.min(entries, from + CHUNK - 1)],
		);
	}
	// Each chunk's statement folded the deltas of the chunk before; the last chunk's are folded
	// here, as the next writer would (readers would add them up exactly, just slower).
	await foldRollup(db);
	await db.raw(
		'vacuum analyze interaction_log_entries, interaction_log_rollup, interaction_log_contact_rollup, interaction_log_rollup_deltas, contacts',
	);
}

/** Persons to read, spread over the log: the same sequence for the node and the raw SQL. */
export async function samplePersons(db: Knex, count: number): Promise<string[]> {
	return await db('contacts')
		.where({ type: 'person' })
		.whereNot({ contact_no: LARGE_CONTACT })
		.orderByRaw('hashtext(contact_no)')
		.limit(count)
		.pluck('contact_no');
}

/** The entry in the middle of the large contact's timeline (50,000 deep in the full log). */
export async function deepEntry(
	db: Knex,
	depth: number,
): Promise<{ entryNo: number; micros: number }> {
	const { rows } = await db.raw<{ rows: { entry_no: number; micros: number }[] }>(
		`select entry_no, (extract(epoch from occurred_at) * 1000000)::bigint as micros
		from interaction_log_entries where contact_no = ? and not postponed and not canceled
		order by occurred_at desc, entry_no desc offset ? limit 1`,
		[LARGE_CONTACT, depth],
	);
	return { entryNo: Number(rows[0].entry_no), micros: Number(rows[0].micros) };
}

// The raw SQL each node path is compared with: the same rows, hand-written.
export const RAW = {
	latest: (db: Knex, contact: string) =>
		db.raw(
			`select * from interaction_log_entries
			where contact_no = ? and not postponed and not canceled
			order by occurred_at desc, entry_no desc limit 50`,
			[contact],
		),
	nextPage: (db: Knex, cursor: { entryNo: number; micros: number }) =>
		db.raw(
			`select * from interaction_log_entries
			where contact_no = ? and not postponed and not canceled
				and (occurred_at, entry_no) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?)
			order by occurred_at desc, entry_no desc limit 50`,
			[LARGE_CONTACT, cursor.micros, cursor.entryNo],
		),
	templateScan: (db: Knex) =>
		db.raw(`select template_code, count(*), sum(cost), sum(duration_min)
			from interaction_log_entries where not canceled and not postponed group by 1`),
	templateRollup: (db: Knex) =>
		db.raw(`select dimension_value, sum(entry_count), sum(cost_sum), sum(duration_sum)
			from interaction_log_rollup where dimension = 'template' and bucket_level = 'm' group by 1`),
	monthScan: (db: Knex) =>
		db.raw(
			`select to_char(occurred_at at time zone ?, 'YYYY-MM'), count(*), sum(cost), sum(duration_min)
			from interaction_log_entries where not canceled and not postponed group by 1`,
			[TIME_ZONE],
		),
	contactSummaryScan: (db: Knex, contacts: readonly string[]) =>
		db.raw(
			`select contact_no, count(*) filter (where not canceled),
				sum(cost) filter (where not canceled), sum(duration_min) filter (where not canceled),
				max(occurred_at) filter (where not attempt_failed),
				max(occurred_at) filter (where initiated_by = 'us')
			from interaction_log_entries where contact_no = any(?::text[]) and not postponed
			group by contact_no`,
			[sqlArray(contacts)],
		),
	/** One keyset page of the whole log (postponed entries left out, as Query Log does). */
	wholeLogPage: (db: Knex, after: { entryNo: number; micros: number } | null) =>
		db.raw<{ rows: { entry_no: number; micros: number }[] }>(
			`select *, (extract(epoch from occurred_at) * 1000000)::bigint as micros
			from interaction_log_entries where not postponed
			${after ? "and (occurred_at, entry_no) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?)" : ''}
			order by occurred_at desc, entry_no desc limit 1000`,
			after ? [after.micros, after.entryNo] : [],
		),
	returnAll: (db: Knex) =>
		db.raw(
			`select * from interaction_log_entries where contact_no = ? and not postponed and not canceled
			order by occurred_at desc, entry_no desc`,
			[LARGE_CONTACT],
		),
};
