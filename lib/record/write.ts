import type { Knex } from 'knex';

import { inChunks, sqlArray } from '../core';
import { InteractionLogError } from '../core';
import type { InteractionDraft } from './draft';
import type { LogEntryRow, NewEntryRow } from '../db';

/** One entry to write: the input item it belongs to, its row, and an optional comment line. */
export interface PreparedEntry {
	readonly index: number;
	readonly row: NewEntryRow;
	readonly comment: { readonly text: string; readonly date: string } | null;
}

/** What writing an entry gave: the stored row, and whether it existed already. */
export interface WrittenEntry {
	readonly index: number;
	readonly row: LogEntryRow;
	readonly duplicate: boolean;
}

/** The identifying extras of an entry that the draft does not hold. */
export interface EntryKeys {
	readonly documentKind?: string | null;
	readonly documentNo?: string | null;
	readonly versionNo?: number;
	readonly docNoOccurrence?: number;
	readonly idempotencyKey?: string | null;
	readonly recordedBy: string | null;
}

/** The one conversion of a draft (and its keys) into the row that is inserted. */
export function toNewEntryRow(draft: InteractionDraft, keys: EntryKeys): NewEntryRow {
	return {
		contact_no: draft.contactNo,
		contact_company_no: draft.contactCompanyNo,
		occurred_at: draft.occurredAt,
		time_zone: draft.timeZone,
		template_code: draft.templateCode,
		group_code: draft.groupCode,
		description: draft.description,
		subject: draft.subject,
		information_flow: draft.informationFlow,
		initiated_by: draft.initiatedBy,
		correspondence_type: draft.correspondenceType,
		cost: draft.cost,
		duration_min: draft.durationMin,
		evaluation: draft.evaluation,
		attempt_failed: draft.attemptFailed,
		document_kind: keys.documentKind ?? null,
		document_no: keys.documentNo ?? null,
		version_no: keys.versionNo ?? 0,
		doc_no_occurrence: keys.docNoOccurrence ?? 0,
		salesperson_code: draft.salespersonCode,
		campaign_no: draft.campaignNo,
		campaign_target: draft.campaignTarget,
		campaign_response: draft.campaignResponse,
		opportunity_no: draft.opportunityNo,
		language_code: draft.languageCode,
		contact_via: draft.contactVia,
		idempotency_key: keys.idempotencyKey ?? null,
		recorded_by: keys.recordedBy,
	};
}

// Column names and their array types for `unnest`; constants, never user input.
const COLUMN_TYPES: { readonly [K in keyof NewEntryRow]: string } = {
	contact_no: 'text',
	contact_company_no: 'text',
	occurred_at: 'timestamptz',
	time_zone: 'text',
	template_code: 'text',
	group_code: 'text',
	description: 'text',
	subject: 'text',
	information_flow: 'text',
	initiated_by: 'text',
	correspondence_type: 'text',
	cost: 'numeric',
	duration_min: 'numeric',
	evaluation: 'text',
	attempt_failed: 'boolean',
	document_kind: 'text',
	document_no: 'text',
	version_no: 'int',
	doc_no_occurrence: 'int',
	salesperson_code: 'text',
	campaign_no: 'text',
	campaign_target: 'boolean',
	campaign_response: 'boolean',
	opportunity_no: 'text',
	language_code: 'text',
	contact_via: 'text',
	idempotency_key: 'text',
	recorded_by: 'text',
};
const COLUMNS = Object.keys(COLUMN_TYPES) as (keyof NewEntryRow)[];
const COLUMN_LIST = COLUMNS.join(', ');

// One statement per chunk, the rows bound as one JSON array (cheaper to bind than an array per
// column). Entry numbers are drawn from the identity's sequence up front, so each inserted row is
// matched to its input by number, not by the order RETURNING happens to give. Both unique
// indexes (idempotency key, document) are partial, so `on conflict do nothing` names no target: a
// row that would break either is skipped and looked up afterwards. The audit event and the
// comment line are written by the same statement, for inserted rows only. Entry numbers follow
// the items' order.
const INSERT_ENTRIES = `
	with input as materialized (
		select u.*,
			nextval((select pg_get_serial_sequence('interaction_log_entries', 'entry_no'))::regclass)
				as entry_no
		from rows from (json_to_recordset(?::json) as (
			${COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')}
		)) with ordinality as u(${COLUMN_LIST}, ord)
	), inserted as (
		insert into interaction_log_entries (entry_no, ${COLUMN_LIST}) overriding system value
		select entry_no, ${COLUMN_LIST} from input
		-- Rows go in in key order, so two writers sending overlapping documents in different
		-- orders wait for each other on the unique indexes instead of deadlocking.
		order by document_kind, document_no, version_no, doc_no_occurrence, contact_no,
			idempotency_key, ord
		on conflict do nothing
		returning *
	), recorded as (
		insert into interaction_log_events (event_type, entry_no, contact_no, actor)
		select 'recorded', entry_no, contact_no, recorded_by from inserted
	), commented as (
		insert into interaction_log_comments (entry_no, line_no, comment_date, comment)
		select i.entry_no, 1, c.comment_date, c.comment
		from json_to_recordset(?::json) as c(ord bigint, comment text, comment_date date)
		join input i on i.ord = c.ord
		join inserted using (entry_no)
	)
	select i.ord, inserted.* from inserted join input i using (entry_no)`;

const EXISTING_BY_KEY = `
	select w.ord, e.* from unnest(?::int[], ?::text[]) as w(ord, idempotency_key)
	join interaction_log_entries e on e.idempotency_key = w.idempotency_key`;

const EXISTING_BY_DOCUMENT = `
	select w.ord, e.*
	from unnest(?::int[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[])
		as w(ord, document_kind, document_no, version_no, doc_no_occurrence, contact_no)
	join interaction_log_entries e on e.document_no = w.document_no
		and e.document_kind = w.document_kind and e.version_no = w.version_no
		and e.doc_no_occurrence = w.doc_no_occurrence and e.contact_no = w.contact_no`;

/** A returned row with its 1-based position in the chunk; `toLogEntry` ignores `ord`. */
type RowWithOrd = LogEntryRow & { ord: number };

async function insertChunk(trx: Knex.Transaction, part: readonly PreparedEntry[]) {
	const comments = part.flatMap((entry, i) =>
		entry.comment
			? [{ ord: i + 1, comment: entry.comment.text, comment_date: entry.comment.date }]
			: [],
	);
	const { rows } = await trx.raw<{ rows: RowWithOrd[] }>(INSERT_ENTRIES, [
		JSON.stringify(part.map((entry) => entry.row)),
		JSON.stringify(comments),
	]);
	return rows;
}

/** The entries that made inputs of `part` conflict: by idempotency key first, then by document. */
async function findExisting(
	trx: Knex.Transaction,
	part: readonly PreparedEntry[],
	missing: readonly number[],
): Promise<Map<number, LogEntryRow>> {
	const found = new Map<number, LogEntryRow>();
	const rowAt = (ord: number) => part[ord - 1].row;
	const keyed = missing.filter((ord) => rowAt(ord).idempotency_key !== null);
	if (keyed.length > 0) {
		const { rows } = await trx.raw<{ rows: RowWithOrd[] }>(EXISTING_BY_KEY, [
			sqlArray(keyed),
			sqlArray(keyed.map((ord) => rowAt(ord).idempotency_key)),
		]);
		for (const row of rows) found.set(Number(row.ord), row);
	}
	const documents = missing.filter((ord) => !found.has(ord) && rowAt(ord).document_no !== null);
	if (documents.length > 0) {
		const column = (key: keyof NewEntryRow) => sqlArray(documents.map((ord) => rowAt(ord)[key]));
		const { rows } = await trx.raw<{ rows: RowWithOrd[] }>(EXISTING_BY_DOCUMENT, [
			sqlArray(documents),
			column('document_kind'),
			column('document_no'),
			column('version_no'),
			column('doc_no_occurrence'),
			column('contact_no'),
		]);
		for (const row of rows) found.set(Number(row.ord), row);
	}
	return found;
}

/**
 * Writes entries set-based and idempotently (docs/domain.md#s5, docs/domain.md#s7;
 * docs/architecture.md#conventions: retries are normal): per 5,000 entries one `insert … select
 * from unnest … on conflict do nothing` that also appends a 'recorded' audit event and the comment
 * line of each inserted entry, then at most two selects for the inputs that conflicted with an
 * entry already there (same idempotency key, or same document kind, number, version, occurrence and
 * contact). Those come back with `duplicate: true` and the existing entry, unchanged. Runs in the
 * caller's transaction.
 */
export async function writeEntries(
	trx: Knex.Transaction,
	entries: readonly PreparedEntry[],
): Promise<WrittenEntry[]> {
	const written: WrittenEntry[] = [];
	for (const part of inChunks(entries)) {
		const inserted = new Map((await insertChunk(trx, part)).map((r) => [Number(r.ord), r]));
		const ords = part.map((_entry, i) => i + 1);
		const missing = ords.filter((ord) => !inserted.has(ord));
		const existing =
			missing.length > 0 ? await findExisting(trx, part, missing) : new Map<number, LogEntryRow>();
		for (const ord of ords) {
			const { index } = part[ord - 1];
			const own = inserted.get(ord);
			const other = own ? undefined : existing.get(ord);
			if (!own && !other) {
				throw new InteractionLogError(
					'CONFLICT',
					'The entry conflicted with another one that could not be read back',
					{ index, hint: 'It was probably removed at the same moment; run again.' },
				);
			}
			written.push({ index, row: (own ?? other)!, duplicate: !own });
		}
	}
	return written;
}
