import type { Knex } from 'knex';

import { readContactInput, readContactNo, type ContactInput } from './input';
import {
	loadBusinessRelations,
	readExternalNo,
	readRelationName,
	type BusinessRelation,
} from './relations';
import { upsertContacts } from './upsert';
import {
	BUSINESS_RELATIONS_TABLE,
	CONTACTS_TABLE,
	isForeignKeyViolation,
	LOG_ENTRIES_TABLE,
	SEGMENT_LINES_TABLE,
	type ContactRow,
} from '../db';
import { EMAIL_MATCH_MODES, matchContactsByEmail, readEmailAddress } from './email';
import {
	CONTACT_TYPES,
	LIMITS,
	readPageLimit,
	type ContactType,
	type CorrespondenceType,
	containsPattern,
} from '../core';
import { InteractionLogError, isInteractionLogError, notFoundError } from '../core';
import { readOptionalChoice, readOptionalCode } from '../core';
import { toIsoString } from '../core';

export { readContactNo, type ContactInput } from './input';
export { BUILTIN_RELATIONS, type BusinessRelation } from './relations';
export { upsertContacts, type UpsertContactsResult } from './upsert';

/** A contact (docs/domain.md#s13): a company, or a person who may belong to a company. */
export interface Contact {
	readonly contactNo: string;
	readonly type: ContactType;
	/** A company's own number; a person's company, or null. */
	readonly companyNo: string | null;
	readonly name: string;
	readonly email: string | null;
	readonly phone: string | null;
	/** A company's web site, e.g. https://www.adatum.com. */
	readonly homePage: string | null;
	readonly correspondenceType: CorrespondenceType | null;
	readonly salespersonCode: string | null;
	readonly privacyBlocked: boolean;
	readonly businessRelations: readonly BusinessRelation[];
	readonly createdAt: string;
	readonly updatedAt: string;
}

export function toContact(row: ContactRow, relations: readonly BusinessRelation[] = []): Contact {
	return {
		contactNo: row.contact_no,
		type: row.type,
		companyNo: row.company_no,
		name: row.name,
		email: row.email,
		phone: row.phone,
		homePage: row.home_page,
		correspondenceType: row.correspondence_type,
		salespersonCode: row.salesperson_code,
		privacyBlocked: row.privacy_blocked,
		businessRelations: relations,
		createdAt: toIsoString(row.created_at),
		updatedAt: toIsoString(row.updated_at),
	};
}

function contactNotFound(contactNo: string, field = 'contactNo') {
	return notFoundError(
		field,
		contactNo,
		`Contact ${contactNo} does not exist`,
		'Create the contact first (Interaction Setup → Contact → Upsert), or pick an existing one.',
	);
}

async function withRelations(db: Knex, rows: readonly ContactRow[]): Promise<Contact[]> {
	const relations = await loadBusinessRelations(
		db,
		rows.map((r) => r.contact_no),
	);
	return rows.map((row) => toContact(row, relations.get(row.contact_no)));
}

/** One contact with its business relations; NOT_FOUND if there is none with that number. */
export async function getContact(db: Knex, contactNo: unknown): Promise<Contact> {
	const no = readContactNo(contactNo);
	const row = await db(CONTACTS_TABLE).where({ contact_no: no }).first();
	if (!row) throw contactNotFound(no);
	const [contact] = await withRelations(db, [row]);
	return contact;
}

/**
 * Creates or replaces one contact (docs/domain.md#s13); see `upsertContacts` for the rules. Returns
 * the stored contact with its relations.
 */
export async function upsertContact(db: Knex, input: ContactInput): Promise<Contact> {
	readContactInput(input);
	let contactNo: string;
	try {
		[contactNo] = (await upsertContacts(db, [input])).contactNos;
	} catch (error) {
		// The batch error names index 0; for one contact, the error without an index is the truth.
		if (isInteractionLogError(error) && isInteractionLogError(error.cause)) throw error.cause;
		throw error;
	}
	return await getContact(db, contactNo);
}

export interface ListContactsOptions {
	/** Matches number, name or e-mail, case-insensitively. */
	readonly search?: string;
	/** The company and its persons. */
	readonly companyNo?: unknown;
	readonly type?: unknown;
	/** 1 to 1000; 100 when absent. */
	readonly limit?: unknown;
	/** Keyset paging: the last contact number of the previous page. */
	readonly afterContactNo?: unknown;
}

/** Contacts by number, a page at a time (keyset paging on `contact_no`), with their relations. */
export async function listContacts(
	db: Knex,
	options: ListContactsOptions = {},
): Promise<Contact[]> {
	const limit = readPageLimit(options.limit, 'afterContactNo');
	const companyNo = readOptionalCode('companyNo', options.companyNo, LIMITS.contactNo);
	const type = readOptionalChoice('type', options.type, CONTACT_TYPES);
	const after = readOptionalCode('afterContactNo', options.afterContactNo, LIMITS.contactNo);
	const query = db(CONTACTS_TABLE).orderBy('contact_no').limit(limit);
	if (companyNo) query.where({ company_no: companyNo });
	if (type) query.where({ type });
	if (after) query.where('contact_no', '>', after);
	if (options.search) {
		const pattern = containsPattern(options.search.trim());
		query.where((w) =>
			w
				.whereILike('contact_no', pattern)
				.orWhereILike('name', pattern)
				.orWhereILike('email', pattern),
		);
	}
	return await withRelations(db, await query);
}

/**
 * The contact another system knows by `externalNo` (docs/domain.md#s7-2 step 5: the first Contact
 * Business Relation for the customer or vendor), or undefined: document logging then records
 * nothing, silently.
 */
export async function findContactByRelation(
	db: Knex,
	input: { readonly relation: unknown; readonly externalNo: unknown },
): Promise<Contact | undefined> {
	const relation = readRelationName(input.relation);
	const externalNo = readExternalNo(input.externalNo);
	const row = await db(CONTACTS_TABLE)
		.select('contacts.*')
		.join(`${BUSINESS_RELATIONS_TABLE} as r`, 'r.contact_no', 'contacts.contact_no')
		.where({ 'r.relation': relation, 'r.external_no': externalNo })
		.first();
	if (!row) return undefined;
	const [contact] = await withRelations(db, [row]);
	return contact;
}

export interface EmailLookupInput {
	/** One address, also as `Name <address>`. */
	readonly email: unknown;
	/** `address` (default) or `address_or_domain`. */
	readonly emailMatch?: unknown;
}

export type EmailLookupResult =
	| { readonly found: true; readonly matchedBy: 'address' | 'domain'; readonly contact: Contact }
	| { readonly found: false; readonly email: string; readonly reason: string };

/**
 * The contact of an e-mail address, by the rule of `matchContactsByEmail` (one person wins; two
 * contacts the rule cannot tell apart are a CONFLICT naming them), or why there is none.
 */
export async function findContactByEmail(
	db: Knex,
	input: EmailLookupInput,
): Promise<EmailLookupResult> {
	const address = readEmailAddress(input.email);
	const mode = readOptionalChoice('emailMatch', input.emailMatch, EMAIL_MATCH_MODES) ?? 'address';
	const match = (await matchContactsByEmail(db, [address], mode)).get(address);
	if (match?.status === 'ambiguous') throw match.error;
	if (match?.status !== 'found') {
		return { found: false, email: address, reason: match?.reason ?? `No contact has ${address}` };
	}
	const [contact] = await withRelations(db, [match.row]);
	return { found: true, matchedBy: match.matchedBy, contact };
}

export interface DeleteContactResult {
	readonly contactNo: string;
	readonly deleted: true;
	/** Log entries re-pointed to the company (person) or unlinked (company). */
	readonly entriesUpdated: number;
}

async function refuseIfInUse(trx: Knex.Transaction, contact: ContactRow) {
	const no = contact.contact_no;
	if (contact.type === 'company') {
		const persons: string[] = await trx(CONTACTS_TABLE)
			.where({ company_no: no })
			.whereNot({ contact_no: no })
			.orderBy('contact_no')
			.limit(6)
			.pluck('contact_no');
		if (persons.length > 0) {
			const names =
				persons.length > 5 ? `${persons.slice(0, 5).join(', ')}, …` : persons.join(', ');
			throw new InteractionLogError('CONFLICT', `Company ${no} still has persons: ${names}`, {
				field: 'contactNo',
				value: no,
				hint: 'Delete its persons, or move them to another company, first.',
			});
		}
	}
	const segments: string[] = await trx(SEGMENT_LINES_TABLE)
		.distinct('segment_no')
		.where({ contact_no: no })
		.orderBy('segment_no')
		.pluck('segment_no');
	if (segments.length > 0) {
		throw new InteractionLogError(
			'CONFLICT',
			`Contact ${no} is in segment ${segments.join(', ')}`,
			{
				field: 'contactNo',
				value: no,
				hint: 'Remove it from the segment (Remove Contacts), or log or delete the segment, first.',
			},
		);
	}
}

// A person's entries move to its company, unless the company already has an entry for the same
// document (the document index is unique per contact): such an entry keeps only its company
// link, so it still shows in the company's timeline.
const REPOINT_PERSON_ENTRIES = `
	update interaction_log_entries e
	set contact_no = case when exists (
		select 1 from interaction_log_entries d
		where d.contact_no = :company and d.document_no is not null
			and d.document_kind = e.document_kind and d.document_no = e.document_no
			and d.version_no = e.version_no and d.doc_no_occurrence = e.doc_no_occurrence
	) then null else :company end
	where e.contact_no = :person`;

/**
 * Deletes a contact and its relations in one transaction; log entries are never deleted
 * (docs/domain.md#s13). A person's entries are re-pointed to its company (contact no. := company
 * no.); a company's entries lose their contact and company links. Refused (CONFLICT) while the
 * company still has persons or the contact is in a segment line (docs/domain.md#s13: unlogged
 * segment lines). Entries of a person who has since moved to another company keep that person's
 * number.
 */
export async function deleteContact(db: Knex, contactNo: unknown): Promise<DeleteContactResult> {
	const no = readContactNo(contactNo);
	try {
		return await db.transaction(async (trx) => {
			const contact = await trx(CONTACTS_TABLE).where({ contact_no: no }).forUpdate().first();
			if (!contact) throw contactNotFound(no);
			await refuseIfInUse(trx, contact);
			let entriesUpdated: number;
			if (contact.type === 'person') {
				const result = await trx.raw<{ rowCount: number }>(REPOINT_PERSON_ENTRIES, {
					company: contact.company_no,
					person: no,
				});
				entriesUpdated = Number(result.rowCount ?? 0);
			} else {
				entriesUpdated = await trx(LOG_ENTRIES_TABLE)
					.where({ contact_company_no: no })
					.orWhere({ contact_no: no })
					.update({
						contact_company_no: trx.raw(
							'case when contact_company_no = ? then null else contact_company_no end',
							[no],
						),
						contact_no: trx.raw('case when contact_no = ? then null else contact_no end', [no]),
					});
			}
			await trx(CONTACTS_TABLE).where({ contact_no: no }).delete();
			return { contactNo: no, deleted: true, entriesUpdated };
		});
	} catch (error) {
		// A person or segment line added between the check and the delete.
		if (isForeignKeyViolation(error)) {
			throw new InteractionLogError(
				'CONFLICT',
				`Contact ${no} is still in use`,
				{
					field: 'contactNo',
					value: no,
					hint: 'It just got a person or a segment line; try again to see which.',
				},
				{ cause: error },
			);
		}
		throw error;
	}
}
