import type { Knex } from 'knex';

import {
	batchError,
	inChunks,
	ItemFailures,
	runWriteBatch,
	sqlArray,
	toBatchIssue,
	UnreadableInput,
	type Batching,
	type BatchIssue,
	type WriteOutcome,
} from '../core';
import {
	companyReferenceIssues,
	duplicateIssues,
	readContactBatch,
	readContactInput,
	withStoredType,
	type ContactInput,
	type ValidContact,
} from './input';
import { findRelationHolders, replaceBusinessRelations } from './relations';
import { CONTACTS_TABLE, isUniqueViolation, type BusinessRelationRow } from '../db';
import { lockContactNumberSeries, takeContactNumbers } from './number-series';
import { InteractionLogError, notFoundError, validationError } from '../core';

export interface UpsertContactsResult {
	readonly count: number;
	/** The stored (trimmed, upper-cased) numbers, in input order. */
	readonly contactNos: readonly string[];
}

interface StoredContact {
	contact_no: string;
	type: string;
}

interface TypeChangeBlock {
	contact_no: string;
	has_entries: boolean;
	has_persons: boolean;
}

/** Persons whose company is neither in the batch nor a stored company. */
function companyIssues(
	contacts: readonly ValidContact[],
	stored: ReadonlyMap<string, string>,
): BatchIssue[] {
	const inBatch = new Set(contacts.map((c) => c.row.contact_no));
	const issues: BatchIssue[] = [];
	contacts.forEach(({ row }, index) => {
		if (row.type !== 'person' || row.company_no === null || inBatch.has(row.company_no)) return;
		const type = stored.get(row.company_no);
		if (type === undefined) {
			issues.push({
				index,
				error: notFoundError(
					'companyNo',
					row.company_no,
					`Company contact ${row.company_no} does not exist`,
					'Create the company first, or give it in the same batch.',
				),
			});
		} else if (type !== 'company') {
			issues.push({
				index,
				error: validationError(
					'companyNo',
					row.company_no,
					`Contact ${row.company_no}, the company of ${row.contact_no}, is a person`,
					'A person can only belong to a company contact.',
				),
			});
		}
	});
	return issues;
}

/** Contacts whose type changes although entries or persons depend on it (docs/domain.md#s13). */
async function typeChangeIssues(
	trx: Knex.Transaction,
	contacts: readonly ValidContact[],
	stored: ReadonlyMap<string, string>,
): Promise<BatchIssue[]> {
	const changed = contacts.filter((c) => {
		const type = stored.get(c.row.contact_no);
		return type !== undefined && type !== c.row.type;
	});
	if (changed.length === 0) return [];
	const { rows } = await trx.raw<{ rows: TypeChangeBlock[] }>(
		`select c.contact_no,
			exists (select 1 from interaction_log_entries e where e.contact_no = c.contact_no) as has_entries,
			exists (select 1 from contacts p where p.company_no = c.contact_no and p.contact_no <> c.contact_no) as has_persons
		from contacts c where c.contact_no = any(?::text[])`,
		[sqlArray(changed.map((c) => c.row.contact_no))],
	);
	const blocks = new Map(rows.map((r) => [r.contact_no, r]));
	const issues: BatchIssue[] = [];
	contacts.forEach(({ row }, index) => {
		const block = blocks.get(row.contact_no);
		if (!block || !(block.has_entries || block.has_persons)) return;
		const why = block.has_entries
			? 'interaction log entries are linked to it'
			: 'persons belong to it';
		issues.push({
			index,
			error: new InteractionLogError(
				'CONFLICT',
				`The type of contact ${row.contact_no} cannot be changed to ${row.type} because ${why}`,
				{
					field: 'type',
					value: row.type,
					hint: block.has_entries
						? 'Keep its type, or create a new contact of the other type.'
						: 'Move its persons to another company first, or keep its type.',
				},
			),
		});
	});
	return issues;
}

/** Relations another contact holds, unless that contact's relations are replaced by this batch. */
async function relationIssues(
	trx: Knex.Transaction,
	contacts: readonly ValidContact[],
): Promise<BatchIssue[]> {
	const replaced = new Set(contacts.filter((c) => c.relations).map((c) => c.row.contact_no));
	const wanted = contacts.flatMap((c, index) =>
		(c.relations ?? []).map((r) => ({ ...r, index, contactNo: c.row.contact_no })),
	);
	const holders = await findRelationHolders(trx, wanted);
	const holderOf = new Map(
		holders.map((h) => [`${h.relation}\u0000${h.external_no}`, h.contact_no]),
	);
	const issues: BatchIssue[] = [];
	for (const w of wanted) {
		const holder = holderOf.get(`${w.relation}\u0000${w.externalNo}`);
		if (holder === undefined || holder === w.contactNo || replaced.has(holder)) continue;
		issues.push({
			index: w.index,
			error: new InteractionLogError(
				'CONFLICT',
				`The ${w.relation} number ${w.externalNo} already belongs to contact ${holder}`,
				{
					field: 'businessRelations',
					value: w.externalNo,
					hint: `Remove it from ${holder} first (upsert ${holder} with its other relations), or check the number.`,
				},
			),
		});
	}
	return issues;
}

/** The contact with its number: the company's own company number is that number too. */
function withNumber(contact: ValidContact, contactNo: string): ValidContact {
	const { row } = contact;
	return {
		...contact,
		row: {
			...row,
			contact_no: contactNo,
			company_no: row.type === 'company' ? contactNo : row.company_no,
		},
	};
}

/**
 * Numbers the contacts given without one: the contact that holds all of their business relations
 * is updated (so running the same upsert again creates nothing), relations held by different
 * contacts are a CONFLICT, and the rest take numbers from the contact number series, in this
 * transaction. Contacts with a number pass unchanged.
 */
async function numberContacts(
	trx: Knex.Transaction,
	contacts: readonly ValidContact[],
): Promise<{ numbered: ValidContact[]; seriesNos: ReadonlySet<string> }> {
	const unnumbered = contacts.flatMap((c, index) => (c.fromSeries ? [index] : []));
	if (unnumbered.length === 0) return { numbered: [...contacts], seriesNos: new Set() };
	// The series first: a writer that waited for it sees the relations its predecessor added, so
	// the same new customer sent twice at once becomes one contact.
	await lockContactNumberSeries(trx);
	const holders = await findRelationHolders(
		trx,
		unnumbered.flatMap((index) => contacts[index].relations ?? []),
	);
	const holderOf = new Map(
		holders.map((h) => [`${h.relation}\u0000${h.external_no}`, h.contact_no]),
	);
	const numbered = [...contacts];
	const issues: BatchIssue[] = [];
	const needNumbers: number[] = [];
	for (const index of unnumbered) {
		const relations = contacts[index].relations ?? [];
		const held = [
			...new Set(
				relations.flatMap((r) => holderOf.get(`${r.relation}\u0000${r.externalNo}`) ?? []),
			),
		];
		if (held.length === 1) numbered[index] = withNumber(contacts[index], held[0]);
		else if (held.length === 0) needNumbers.push(index);
		else {
			issues.push({
				index,
				error: new InteractionLogError(
					'CONFLICT',
					`The business relations of this contact belong to different contacts: ${held.sort().join(', ')}`,
					{
						field: 'businessRelations',
						hint: 'Give the contact number of the one to update, or relations of one contact only.',
					},
				),
			});
		}
	}
	if (issues.length > 0) throw batchError(issues, 'contact');
	const taken = await takeContactNumbers(trx, needNumbers.length);
	needNumbers.forEach((index, i) => (numbered[index] = withNumber(contacts[index], taken[i])));
	return { numbered, seriesNos: new Set(taken) };
}

/**
 * Reads what the batch depends on (stored types, relation holders), settles each contact's type,
 * and throws the first problem with its index. Returns the contacts to write.
 */
async function checkAgainstDatabase(
	trx: Knex.Transaction,
	inputs: readonly ValidContact[],
): Promise<ValidContact[]> {
	const { contacts, issues } = await findDatabaseIssues(trx, inputs);
	if (issues.length > 0) throw batchError(issues, 'contact');
	return contacts;
}

/** Every problem of the batch against what is stored, each with its index; and the contacts. */
async function findDatabaseIssues(
	trx: Knex.Transaction,
	inputs: readonly ValidContact[],
): Promise<{ contacts: ValidContact[]; issues: BatchIssue[] }> {
	const referenced = inputs.flatMap(({ row }) =>
		row.company_no ? [row.contact_no, row.company_no] : [row.contact_no],
	);
	const rows: StoredContact[] = await trx(CONTACTS_TABLE)
		.select('contact_no', 'type')
		.whereRaw('contact_no = any(?::text[])', [sqlArray([...new Set(referenced)])]);
	const stored = new Map(rows.map((r) => [r.contact_no, r.type]));
	const contacts = inputs.map((c) => withStoredType(c, stored.get(c.row.contact_no)));
	const issues = [
		...companyReferenceIssues(contacts),
		...companyIssues(contacts, stored),
		...(await typeChangeIssues(trx, contacts, stored)),
		...(await relationIssues(trx, contacts)),
	];
	return { contacts, issues };
}

/** A unique violation of a relation taken by another writer meanwhile, worded. */
function relationRace(error: unknown): unknown {
	if (!isUniqueViolation(error, 'contact_business_relations_pkey')) return error;
	return new InteractionLogError(
		'CONFLICT',
		'A business relation of this batch was just given to another contact',
		{
			field: 'businessRelations',
			hint: 'Run the batch again to see which contact holds it.',
		},
		{ cause: error },
	);
}

async function writeContacts(
	trx: Knex.Transaction,
	contacts: readonly ValidContact[],
	seriesNos: ReadonlySet<string>,
) {
	// Companies first: a person's company is then in an earlier statement or the same one, where
	// the foreign key is checked at the end of the statement.
	const ordered = [...contacts].sort(
		(a, b) => Number(a.row.type === 'person') - Number(b.row.type === 'person'),
	);
	for (const part of inChunks(ordered)) {
		const column = <K extends keyof ValidContact['row']>(key: K) =>
			sqlArray(part.map((c) => c.row[key]));
		// A number just taken from the series never overwrites a contact someone else has just
		// created with it by hand: that row is left alone, and the count below notices.
		const fresh = part.filter((c) => seriesNos.has(c.row.contact_no)).map((c) => c.row.contact_no);
		const { rows } = await trx.raw<{ rows: unknown[] }>(
			`insert into contacts (contact_no, type, company_no, name, email, phone, home_page,
				correspondence_type, salesperson_code, privacy_blocked)
			select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				?::text[], ?::text[], ?::text[], ?::boolean[])
			on conflict (contact_no) do update set
				type = excluded.type, company_no = excluded.company_no, name = excluded.name,
				email = excluded.email, phone = excluded.phone, home_page = excluded.home_page,
				correspondence_type = excluded.correspondence_type,
				salesperson_code = excluded.salesperson_code,
				privacy_blocked = excluded.privacy_blocked, updated_at = now()
			where contacts.contact_no <> all(?::text[])
			returning contact_no`,
			[
				column('contact_no'),
				column('type'),
				column('company_no'),
				column('name'),
				column('email'),
				column('phone'),
				column('home_page'),
				column('correspondence_type'),
				column('salesperson_code'),
				column('privacy_blocked'),
				sqlArray(fresh),
			],
		);
		if (rows.length < part.length) {
			throw new InteractionLogError(
				'CONFLICT',
				'A contact number taken from the series was just given to a contact by hand',
				{
					field: 'contactNo',
					hint: 'Run it again: the series skips numbers that are taken.',
				},
			);
		}
	}
	const withRelations = contacts.filter((c) => c.relations);
	const relationRows: BusinessRelationRow[] = withRelations.flatMap((c) =>
		(c.relations ?? []).map((r) => ({
			relation: r.relation,
			external_no: r.externalNo,
			contact_no: c.row.contact_no,
		})),
	);
	await replaceBusinessRelations(
		trx,
		withRelations.map((c) => c.row.contact_no),
		relationRows,
	);
}

/**
 * Creates or replaces many contacts at once, with their business relations (docs/domain.md#s13,
 * docs/domain.md#s7-2). Every input is validated first; one bad input throws its error with
 * `details.index` and nothing is written. The writes are set-based: per 5,000 contacts one `insert
 * … select from unnest … on conflict do update`, one delete and one insert of relations, all in one
 * transaction. Persons may name a company given anywhere in the same batch. A contact's type cannot
 * change once entries or persons depend on it (docs/domain.md#s13).
 *
 * ### Examples
 * ```ts
 * await upsertContacts(db, [
 * 	{ contactNo: 'CT200', type: 'person', companyNo: 'CT100', name: 'Ann Lee' },
 * 	{ contactNo: 'CT100', name: 'Adatum', businessRelations: [{ relation: 'customer', externalNo: 'C10000' }] },
 * ]);
 * ```
 */
export async function upsertContacts(
	db: Knex,
	inputs: readonly ContactInput[],
): Promise<UpsertContactsResult> {
	const valid = readContactBatch(inputs);
	if (valid.length === 0) return { count: 0, contactNos: [] };
	let contactNos: string[] = [];
	await db.transaction(async (trx) => {
		const { numbered, seriesNos } = await numberContacts(trx, valid);
		contactNos = numbered.map((c) => c.row.contact_no);
		const contacts = await checkAgainstDatabase(trx, numbered);
		await writeContacts(trx, contacts, seriesNos).catch((error: unknown) => {
			throw relationRace(error);
		});
	});
	return { count: valid.length, contactNos };
}

/** What happened to one contact of `upsertContactItems`: `recorded` carries its stored number. */
export type ContactOutcome = WriteOutcome<{ readonly contactNo: string }>;

/**
 * Creates or replaces the contacts of `inputs` with an outcome per input, through the library's
 * batch runner: `transaction` writes all or none (the first bad input named, every other one
 * rolled back), `independently` writes every valid contact and fails each bad one on its own.
 * Every problem found is reported at once (input, duplicates, then the stored contacts and
 * relations), so the valid contacts are written in one more pass, not one pass per bad input.
 * An `UnreadableInput` fails as given. The writes are those of `upsertContacts`.
 */
export async function upsertContactItems(
	db: Knex,
	inputs: readonly (ContactInput | UnreadableInput)[],
	batching: Batching,
): Promise<ContactOutcome[]> {
	const valid = new Map<number, ValidContact>();
	const decided: (ContactOutcome | undefined)[] = inputs.map((input, index) => {
		if (input instanceof UnreadableInput) return { status: 'failed', error: input.error };
		try {
			valid.set(index, readContactInput(input));
			return undefined;
		} catch (error) {
			return { status: 'failed', error: toBatchIssue(index, error).error };
		}
	});
	// A sparse list keeps each contact at its input's position, so messages name the inputs.
	const byPosition: ValidContact[] = [];
	for (const [index, contact] of valid) byPosition[index] = contact;
	for (const { index, error } of duplicateIssues(byPosition)) {
		decided[index] = { status: 'failed', error };
		valid.delete(index);
	}
	return await runWriteBatch<{ contactNo: string }>(
		db,
		{
			decided,
			async write(trx, indexes) {
				const { numbered, seriesNos } = await numberContacts(
					trx,
					indexes.map((index) => valid.get(index)!),
				);
				const { contacts, issues } = await findDatabaseIssues(trx, numbered);
				if (issues.length > 0) {
					throw new ItemFailures(
						new Map(issues.map((issue) => [indexes[issue.index], issue.error])),
					);
				}
				await writeContacts(trx, contacts, seriesNos).catch((error: unknown) => {
					throw relationRace(error);
				});
				return new Map(
					indexes.map((index, position) => [
						index,
						{ duplicate: false, contactNo: contacts[position].row.contact_no },
					]),
				);
			},
			// Persons may name a company given anywhere in the batch: one transaction for all.
			itemsPerTransaction: Number.POSITIVE_INFINITY,
		},
		batching,
	);
}
