import type { Knex } from 'knex';

import { sqlArray } from '../core';
import { readContactNo } from '../contacts';
import type { ContactType } from '../core';
import { isInteractionLogError, notFoundError, type InteractionLogError } from '../core';
import { CONTACT_ROLLUP_TABLE, LOG_ENTRIES_TABLE, ROLLUP_DELTAS_TABLE } from '../db';
import { readZone, toIsoString } from '../core';

/** A contact's interaction statistics (docs/domain.md#s12, the contact's flow fields). */
export interface ContactSummary {
	readonly contactNo: string;
	readonly type: ContactType;
	readonly name: string;
	readonly noOfInteractions: number;
	readonly cost: number;
	readonly durationMin: number;
	/** The latest entry not marked attempt failed, canceled ones included; in the time zone. */
	readonly lastInteractionAt: string | null;
	/** Its local date, `YYYY-MM-DD` ("Date of Last Interaction"). */
	readonly dateOfLastInteraction: string | null;
	/** The latest entry initiated by us, failed or not, canceled ones included. */
	readonly lastAttemptedAt: string | null;
	/** Its local date ("Last Date Attempted"). */
	readonly lastDateAttempted: string | null;
}

/** One input's summary, or why there is none. */
export type ContactSummaryOutcome =
	| { readonly ok: true; readonly summary: ContactSummary }
	| { readonly ok: false; readonly error: InteractionLogError };

export interface ContactSummaryInput {
	/** One contact number per input, e.g. per n8n item. */
	readonly contactNos: readonly unknown[];
	/** The workflow's time zone, for the dates. */
	readonly timeZone: string;
}

interface SummaryRow {
	contact_no: string;
	type: ContactType;
	name: string;
	entry_count: number | null;
	cost: number | null;
	duration: number | null;
	last_interaction_at: Date | null;
	last_attempted_at: Date | null;
}

// A company sums its own entries and its persons' (contact company no.), a person only its own
// (contact no.). The counts come from the all-time sums plus the deltas not folded yet (added up
// once for the contacts asked for); the two dates are a newest-first walk of the contact's or
// company's timeline index to the first entry that qualifies. In each lateral query only the
// branch matching the contact's type runs.
const SUMMARY_SQL = `
	with deltas as materialized (
		select d.contact_no, d.contact_company_no, sum(d.sign) as entry_count,
			sum(d.sign * d.cost) as cost_sum, sum(d.sign * d.duration_min) as duration_sum
		from ${ROLLUP_DELTAS_TABLE} d
		where d.contact_no = any(?::text[]) or d.contact_company_no = any(?::text[])
		group by 1, 2
	)
	select c.contact_no, c.type, c.name, s.entry_count, s.cost, s.duration,
		coalesce(
			(select e.occurred_at from ${LOG_ENTRIES_TABLE} e
				where c.type = 'company' and e.contact_company_no = c.contact_no
					and not e.postponed and not e.attempt_failed
				order by e.occurred_at desc limit 1),
			(select e.occurred_at from ${LOG_ENTRIES_TABLE} e
				where c.type <> 'company' and e.contact_no = c.contact_no
					and not e.postponed and not e.attempt_failed
				order by e.occurred_at desc limit 1)
		) as last_interaction_at,
		coalesce(
			(select e.occurred_at from ${LOG_ENTRIES_TABLE} e
				where c.type = 'company' and e.contact_company_no = c.contact_no
					and not e.postponed and e.initiated_by = 'us'
				order by e.occurred_at desc limit 1),
			(select e.occurred_at from ${LOG_ENTRIES_TABLE} e
				where c.type <> 'company' and e.contact_no = c.contact_no
					and not e.postponed and e.initiated_by = 'us'
				order by e.occurred_at desc limit 1)
		) as last_attempted_at
	from contacts c
	cross join lateral (
		select sum(x.entry_count) as entry_count, sum(x.cost_sum) as cost,
			sum(x.duration_sum) as duration
		from (
			select r.entry_count, r.cost_sum, r.duration_sum from ${CONTACT_ROLLUP_TABLE} r
			where c.type = 'company' and r.bucket_level = 'c' and r.bucket_start = '-infinity'
				and r.contact_no = '' and r.contact_company_no = c.contact_no
			union all
			select r.entry_count, r.cost_sum, r.duration_sum from ${CONTACT_ROLLUP_TABLE} r
			where c.type <> 'company' and r.bucket_level = 'a' and r.contact_no = c.contact_no
			union all
			select d.entry_count, d.cost_sum, d.duration_sum from deltas d
			where c.type = 'company' and d.contact_company_no = c.contact_no
			union all
			select d.entry_count, d.cost_sum, d.duration_sum from deltas d
			where c.type <> 'company' and d.contact_no = c.contact_no
		) x
	) s
	where c.contact_no = any(?::text[])`;

function readNumber(value: unknown): string | InteractionLogError {
	try {
		return readContactNo(value);
	} catch (error) {
		if (isInteractionLogError(error)) return error;
		throw error;
	}
}

function toSummary(row: SummaryRow, zone: string): ContactSummary {
	const local = (time: Date | null) => (time === null ? null : toIsoString(time, zone));
	return {
		contactNo: row.contact_no,
		type: row.type,
		name: row.name,
		noOfInteractions: Number(row.entry_count ?? 0),
		cost: Number(row.cost ?? 0),
		durationMin: Number(row.duration ?? 0),
		lastInteractionAt: local(row.last_interaction_at),
		dateOfLastInteraction: local(row.last_interaction_at)?.slice(0, 10) ?? null,
		lastAttemptedAt: local(row.last_attempted_at),
		lastDateAttempted: local(row.last_attempted_at)?.slice(0, 10) ?? null,
	};
}

/**
 * The statistics of each given contact (docs/domain.md#s12), all inputs in one query: number of
 * interactions, cost and duration of the entries that count (not canceled, not postponed), a
 * company's including its persons', a person's only its own; "date of last interaction" (latest
 * entry not failed) and "last date attempted" (latest entry initiated by us) include canceled
 * entries and leave out postponed ones. An unknown contact is NOT_FOUND for its input only.
 *
 * ### Examples
 * ```ts
 * const [outcome] = await contactSummaries(db, { contactNos: ['CT100'], timeZone: 'Europe/Berlin' });
 * // → { ok: true, summary: { contactNo: 'CT100', type: 'company', noOfInteractions: 12, … } }
 * ```
 */
export async function contactSummaries(
	db: Knex,
	input: ContactSummaryInput,
): Promise<ContactSummaryOutcome[]> {
	const zone = readZone('timeZone', input.timeZone);
	const numbers = input.contactNos.map(readNumber);
	const valid = [...new Set(numbers.filter((no): no is string => typeof no === 'string'))];
	const rows: SummaryRow[] =
		valid.length === 0
			? []
			: (await db.raw(SUMMARY_SQL, [sqlArray(valid), sqlArray(valid), sqlArray(valid)])).rows;
	const byNo = new Map(rows.map((row) => [row.contact_no, toSummary(row, zone)]));
	return numbers.map((no) => {
		if (typeof no !== 'string') return { ok: false, error: no };
		const summary = byNo.get(no);
		if (summary) return { ok: true, summary };
		return {
			ok: false,
			error: notFoundError(
				'contactNo',
				no,
				`Contact ${no} does not exist`,
				'Pick an existing contact (Interaction Setup → Contact → Get Many lists them).',
			),
		};
	});
}
