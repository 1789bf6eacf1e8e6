import type { Knex } from 'knex';

import { InteractionLogError, notFoundError, readBoolean, containsPattern } from '../core';
import {
	erasedKeyHash,
	findErasedContactNos,
	isPseudonym,
	newPseudonym,
	readContactNo,
} from '../contacts';
import {
	CONTACT_ROLLUP_TABLE,
	CONTACTS_TABLE,
	ERASED_KEYS_TABLE,
	LOG_COMMENTS_TABLE,
	LOG_ENTRIES_TABLE,
	LOG_EVENTS_TABLE,
	type ContactRow,
} from '../db';
import { appendLogEvents, readAuditNote } from '../log';
import { foldRollupNow } from '../statistics';
import {
	blankSql,
	listContactReferences,
	listTextColumns,
	NON_PERSONAL_IN_REFERENCES,
	personalColumns,
	quoteIdentifier,
	type TextColumn,
} from './columns';
import { scrubJson, scrubText, type PersonalValues } from './scrub';

export interface EraseContactInput {
	readonly contactNo: unknown;
	/** List what would change, per table, and change nothing. */
	readonly dryRun?: unknown;
	/** Who erased, for the audit (not the person erased). */
	readonly actor?: unknown;
	/** Why, e.g. a ticket number; personal values of the contact in it are scrubbed. */
	readonly reason?: unknown;
}

export interface EraseContactResult {
	readonly dryRun: boolean;
	/** True when the contact had been erased before: nothing changed. */
	readonly alreadyErased: boolean;
	/** The number the contact's figures now stand under; null for a dry run or a repeat. */
	readonly pseudonym: string | null;
	/** Rows changed or deleted per table (for a dry run: what would be). */
	readonly changes: Readonly<Record<string, number>>;
}

const CONTACTS = CONTACTS_TABLE;
const ENTRIES = LOG_ENTRIES_TABLE;
const COMMENTS = LOG_COMMENTS_TABLE;
const CONTACT_ROLLUP = CONTACT_ROLLUP_TABLE;

/** Thrown inside the transaction of a dry run, so everything it did is rolled back. */
class DryRunRollback extends Error {
	constructor(readonly result: EraseContactResult) {
		super('dry run');
	}
}

function contactNotFound(no: string) {
	return notFoundError(
		'contactNo',
		no,
		`Contact ${no} does not exist`,
		'Check the number; Interaction Setup → Contact → Get Many lists the contacts.',
	);
}

async function refuseCompanyWithPersons(trx: Knex.Transaction, no: string) {
	const persons: string[] = await trx(CONTACTS)
		.where({ company_no: no })
		.whereNot({ contact_no: no })
		.whereNot('contact_no', 'like', 'ERASED-%')
		.orderBy('contact_no')
		.limit(6)
		.pluck('contact_no');
	if (persons.length === 0) return;
	const names = persons.length > 5 ? `${persons.slice(0, 5).join(', ')}, …` : persons.join(', ');
	throw new InteractionLogError(
		'CONFLICT',
		`Company ${no} still has persons who are not erased: ${names}`,
		{
			field: 'contactNo',
			value: no,
			hint: 'Erase its persons first (or move them to another company); then erase the company.',
		},
	);
}

const textOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The personal values of the contact: its number, its personal columns, the text of the rows of
 * tables that point at it (external numbers, segment line texts), and its entries' personal texts
 * and comments. Scrubbing events replaces them wherever they appear.
 */
async function collectPersonalValues(
	trx: Knex.Transaction,
	contact: ContactRow,
	columns: readonly TextColumn[],
	references: readonly { table: string; column: string }[],
): Promise<PersonalValues> {
	const no = contact.contact_no;
	const identifying = new Set<string>([no]);
	for (const column of personalColumns(columns, CONTACTS)) {
		const value = textOf((contact as unknown as Record<string, unknown>)[column.column]);
		if (value) identifying.add(value);
	}
	for (const reference of references) {
		// Beside the foreign key and codes, what these rows hold is the contact's (external numbers, texts).
		const held = columns.filter(
			(c) =>
				c.table === reference.table &&
				!c.isJson &&
				c.column !== reference.column &&
				!NON_PERSONAL_IN_REFERENCES.test(c.column),
		);
		for (const column of held) {
			const found: unknown[] = await trx(reference.table)
				.where(reference.column, no)
				.distinct(column.column)
				.pluck(column.column);
			found.map(textOf).forEach((value) => value && identifying.add(value));
		}
	}
	const texts = new Set<string>();
	for (const column of personalColumns(columns, ENTRIES).filter((c) => !c.isJson)) {
		const values: unknown[] = await trx(ENTRIES)
			.where({ contact_no: no })
			.distinct(column.column)
			.pluck(column.column);
		values.map(textOf).forEach((value) => value && texts.add(value));
	}
	const comments: unknown[] = await trx(COMMENTS)
		.whereIn('entry_no', trx(ENTRIES).where({ contact_no: no }).select('entry_no'))
		.distinct('comment')
		.pluck('comment');
	comments.map(textOf).forEach((value) => value && texts.add(value));
	return { contactNo: no, identifying: [...identifying], texts: [...texts] };
}

interface EventRow {
	event_no: number | string;
	entry_no: number | string | null;
	contact_no: string | null;
	[column: string]: unknown;
}

/**
 * The contact's audit events (of its entries, in the log or purged) lose their free texts and
 * have personal values in their JSON details replaced; other events that mention the contact (a
 * purge filtered by its number, a cancel reason naming the person) have the texts that mention it
 * replaced. Finding those reads every event once: erasure is rare, the audit has no text index.
 */
async function scrubEvents(
	trx: Knex.Transaction,
	pseudonym: string,
	values: PersonalValues,
	columns: readonly TextColumn[],
): Promise<number> {
	const no = values.contactNo;
	const personal = personalColumns(columns, LOG_EVENTS_TABLE);
	const patterns = values.identifying.map(containsPattern);
	const own = (await trx(LOG_EVENTS_TABLE)
		.whereIn('entry_no', trx(ENTRIES).where({ contact_no: no }).select('entry_no'))
		.orWhere({ contact_no: no })) as unknown as EventRow[];
	const ownNos = new Set(own.map((row) => Number(row.event_no)));
	const textual = personal.map((c) => `${quoteIdentifier(c.column)}::text ilike any(?::text[])`);
	const mentioning: EventRow[] =
		textual.length === 0
			? []
			: ((await trx(LOG_EVENTS_TABLE)
					.whereNot({ event_type: 'erased' })
					.whereRaw(
						`(${textual.join(' or ')})`,
						textual.map(() => patterns),
					)) as unknown as EventRow[]);
	const updates = [
		...own.map((row) => ({ row, ownEvent: true })),
		...mentioning
			.filter((row) => !ownNos.has(Number(row.event_no)))
			.map((row) => ({ row, ownEvent: false })),
	].map(({ row, ownEvent }) => {
		const set: Record<string, unknown> = {};
		for (const column of personal) {
			const value = row[column.column];
			if (value === null || value === undefined) continue;
			if (column.isJson) set[column.column] = JSON.stringify(scrubJson(value, values, pseudonym));
			else set[column.column] = ownEvent ? null : scrubText(String(value), values, pseudonym);
		}
		if (row.contact_no === no) set.contact_no = pseudonym;
		return { eventNo: Number(row.event_no), set };
	});
	// The audit is append-only; an erasure is the one writer that rewrites it, hence plain SQL.
	for (const { eventNo, set } of updates) {
		const columns = Object.keys(set);
		if (columns.length === 0) continue;
		await trx.raw(
			`update ${LOG_EVENTS_TABLE} set ${columns.map((c) => `${quoteIdentifier(c)} = ?`).join(', ')}
			where event_no = ?`,
			[...columns.map((c) => set[c] as Knex.Value), eventNo],
		);
	}
	return updates.length;
}

/**
 * The contact's entries keep their figures (dates, codes, cost, duration, flags) and move to the
 * pseudonym; their personal texts are blanked. Entries of other contacts that name it as their
 * company (its erased persons) move to the pseudonym as company. The statistics triggers see an
 * update of the contact number: they move the sums, which stay equal.
 */
async function eraseEntries(
	trx: Knex.Transaction,
	no: string,
	pseudonym: string,
	columns: readonly TextColumn[],
): Promise<number> {
	const blanked = personalColumns(columns, ENTRIES).map(
		(c) =>
			`${quoteIdentifier(c.column)} = case when contact_no = :no then ${blankSql(c)} else ${quoteIdentifier(c.column)} end`,
	);
	const result = await trx.raw<{ rowCount: number }>(
		`update ${ENTRIES} set
			contact_no = case when contact_no = :no then :pseudonym else contact_no end,
			contact_company_no = case when contact_company_no = :no then :pseudonym else contact_company_no end
			${blanked.map((set) => `, ${set}`).join('')}
		where contact_no = :no or contact_company_no = :no`,
		{ no, pseudonym },
	);
	return Number(result.rowCount ?? 0);
}

/**
 * The sums kept per contact: after the entries moved, the old number's rows hold zeros; they go,
 * since they still name the number.
 */
async function dropZeroContactSums(trx: Knex.Transaction, no: string): Promise<number> {
	// The statistics keep appended deltas until a fold: folded now, the old number's sums are zero.
	await foldRollupNow(trx);
	return await trx(CONTACT_ROLLUP)
		.where((w) => w.where({ contact_no: no }).orWhere({ contact_company_no: no }))
		.where({ entry_count: 0 })
		.where('cost_sum', 0)
		.where('duration_sum', 0)
		.delete();
}

async function eraseContactRow(
	trx: Knex.Transaction,
	contact: ContactRow,
	pseudonym: string,
	columns: readonly TextColumn[],
): Promise<number> {
	const blanked = personalColumns(columns, CONTACTS).map(
		(c) => `, ${quoteIdentifier(c.column)} = ${blankSql(c)}`,
	);
	// A company is its own company: its persons follow the new number by the foreign key's cascade.
	const result = await trx.raw<{ rowCount: number }>(
		`update ${CONTACTS} set contact_no = :pseudonym,
			company_no = case when type = 'company' then :pseudonym else company_no end,
			privacy_blocked = true, updated_at = now()${blanked.join('')}
		where contact_no = :no`,
		{ no: contact.contact_no, pseudonym },
	);
	const persons =
		contact.type === 'company'
			? await trx(CONTACTS).where({ company_no: pseudonym }).whereNot({ contact_no: pseudonym })
			: [];
	return Number(result.rowCount ?? 0) + persons.length;
}

async function unusedPseudonym(trx: Knex.Transaction): Promise<string> {
	for (;;) {
		const pseudonym = newPseudonym();
		const taken = await trx(CONTACTS).where({ contact_no: pseudonym }).first();
		if (!taken) return pseudonym;
	}
}

async function eraseIn(
	trx: Knex.Transaction,
	no: string,
	note: ReturnType<typeof readAuditNote>,
	dryRun: boolean,
): Promise<EraseContactResult> {
	const already = { dryRun, alreadyErased: true, pseudonym: null, changes: {} };
	const contact = await trx(CONTACTS).where({ contact_no: no }).forUpdate().first();
	if (!contact) {
		if ((await findErasedContactNos(trx, [no])).has(no)) return already;
		throw contactNotFound(no);
	}
	if (isPseudonym(no)) return already;
	if (contact.type === 'company') await refuseCompanyWithPersons(trx, no);

	const columns = await listTextColumns(trx);
	const references = await listContactReferences(trx);
	const values = await collectPersonalValues(trx, contact, columns, references);
	const pseudonym = await unusedPseudonym(trx);
	const changes: Record<string, number> = {};
	const count = (table: string, n: number) => {
		changes[table] = (changes[table] ?? 0) + n;
	};

	// Rows that exist only for this contact (business relations, segment lines, …) go.
	for (const reference of references) {
		count(reference.table, await trx(reference.table).where(reference.column, no).delete());
	}
	count(
		COMMENTS,
		await trx(COMMENTS)
			.whereIn('entry_no', trx(ENTRIES).where({ contact_no: no }).select('entry_no'))
			.delete(),
	);
	count(LOG_EVENTS_TABLE, await scrubEvents(trx, pseudonym, values, columns));
	count(ENTRIES, await eraseEntries(trx, no, pseudonym, columns));
	count(CONTACT_ROLLUP, await dropZeroContactSums(trx, no));
	count(CONTACTS, await eraseContactRow(trx, contact, pseudonym, columns));
	await trx(ERASED_KEYS_TABLE)
		.insert({ key_hash: erasedKeyHash(no) })
		.onConflict('key_hash')
		.ignore();
	count(ERASED_KEYS_TABLE, 1);
	const kept = Object.fromEntries(Object.entries(changes).filter(([, n]) => n > 0));
	await appendLogEvents(trx, [
		{
			eventType: 'erased',
			contactNo: pseudonym,
			actor: note.actor,
			reason: note.reason === null ? null : scrubText(note.reason, values, pseudonym),
			details: { contactNo: pseudonym, type: contact.type, changes: kept },
		},
	]);
	count(LOG_EVENTS_TABLE, 1);
	return { dryRun, alreadyErased: false, pseudonym: dryRun ? null : pseudonym, changes };
}

/**
 * Erases a contact on request (right to erasure): its personal data goes from the contact, the
 * rows that point at it (business relations, segment lines), its entries, their comments and
 * audit events, in one transaction. What is not personal stays, so statistics do not change: the
 * entries keep dates, codes, cost and duration under a random pseudonym (`ERASED-…`) that nothing
 * links back to the number; the contact row stays under the pseudonym, privacy-blocked and blank.
 * Which columns are personal is decided in `columns.ts`. One `erased` audit event, without
 * personal data. Idempotent: erasing again (by old number or pseudonym) changes nothing. A company
 * is refused while it has persons who are not erased. A dry run does the same work and rolls it
 * back, so its counts are exactly what the erasure changes.
 */
export async function eraseContact(
	db: Knex,
	input: EraseContactInput,
): Promise<EraseContactResult> {
	const no = readContactNo(input.contactNo);
	const dryRun = readBoolean('dryRun', input.dryRun);
	const note = readAuditNote(input);
	try {
		return await db.transaction(async (trx) => {
			const result = await eraseIn(trx, no, note, dryRun);
			if (dryRun && !result.alreadyErased) throw new DryRunRollback(result);
			return result;
		});
	} catch (error) {
		if (error instanceof DryRunRollback) return error.result;
		throw error;
	}
}
