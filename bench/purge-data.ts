import type { Knex } from 'knex';

import { upsertContacts } from '../lib/contacts';
import { createGroup } from '../lib/setup';
import { createTemplate } from '../lib/setup';

// The log the purge benchmark runs on: `rows` entries written server-side by generate_series
// (all indexes and statistics triggers in place, as in production), about one in ten canceled at
// pseudo-random places, a comment line on one entry in twenty.

const SEED_CHUNK = 250_000;

/** The contact and template Record Interaction uses while the purge runs. */
export const LIVE_CONTACT = 'CTLIVE';
export const LIVE_TEMPLATE = 'OUTCALL';

export async function seedSetup(db: Knex): Promise<void> {
	await createGroup(db, { code: 'PHONE', description: 'Phone calls' });
	await createTemplate(db, {
		code: LIVE_TEMPLATE,
		groupCode: 'PHONE',
		description: 'Outgoing call',
		unitCost: 1.5,
		unitDurationMin: 10,
		informationFlow: 'outbound',
		initiatedBy: 'us',
	});
	await upsertContacts(db, [{ contactNo: LIVE_CONTACT, name: 'Live Ltd', salespersonCode: 'AB' }]);
}

/** Seeds `rows` entries and returns how many of them are canceled. */
export async function seedLog(db: Knex, rows: number): Promise<number> {
	for (let from = 1; from <= rows; from += SEED_CHUNK) {
		const to = Math.min(rows, from + SEED_CHUNK - 1);
		await db.raw(
			`insert into interaction_log_entries (contact_no, contact_company_no, occurred_at, time_zone,
				template_code, group_code, description, information_flow, initiated_by, cost, duration_min,
				salesperson_code, canceled, canceled_at, canceled_by, recorded_by)
			select 'CT' || lpad((g % 20000)::text, 6, '0'), 'CT' || lpad((g % 20000 / 4 * 4)::text, 6, '0'),
				timestamptz '2024-01-01 08:00:00+00' + (g % 1000) * interval '1 day' + (g % 600) * interval '1 minute',
				'Europe/Berlin',
				(array['OUTCALL','INCALL','MEET','EMAIL','LETTER','SINV','SQUOTE','VISIT'])[1 + g % 8],
				(array['PHONE','PHONE','MEET','MAIL','MAIL','SALES','SALES','MEET'])[1 + g % 8],
				'Benchmark interaction ' || g, 'outbound', 'us', 1.5, 10,
				(array['AB','JR','KL'])[1 + g % 3],
				c.canceled,
				case when c.canceled then timestamptz '2026-01-01 00:00:00+00' + (g % 300) * interval '1 day' end,
				case when c.canceled then 'bench' end,
				'bench'
			from generate_series(?::bigint, ?::bigint) g
			cross join lateral (select abs(hashint8(g)) % 10 = 0 as canceled) c`,
			[from, to],
		);
	}
	await db.raw(`insert into interaction_log_comments (entry_no, line_no, comment)
		select entry_no, 10000, 'Follow-up note' from interaction_log_entries where entry_no % 20 = 0`);
	// As autovacuum would have done on a log that grew over time.
	await db.raw('vacuum analyze interaction_log_entries');
	await db.raw('vacuum analyze interaction_log_comments');
	const [row] = await db('interaction_log_entries').where({ canceled: true }).count({ n: '*' });
	return Number(row.n);
}
