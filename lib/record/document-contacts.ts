import type { Knex } from 'knex';

import { sqlArray } from '../core';
import { readContactInput, readContactNo, type ContactInput } from '../contacts';
import { readExternalNo, readRelationName } from '../contacts';
import { toContact, upsertContacts } from '../contacts';
import type { ContactRow } from '../db';
import {
	InteractionLogError,
	isInteractionLogError,
	notFoundError,
	validationError,
} from '../core';
import type { DraftContact, DraftSourceMaps } from './draft';
import { itemError } from './batch';
import { contactNotFound } from './input';

// The contact of a document event (docs/domain.md#s7-2 step 5): by number, or through a business
// relation such as the customer number; and, when it is unknown, the contact to create.

/** What to do with a document event whose contact is not in the log. */
export const UNKNOWN_CONTACT_ACTIONS = ['error', 'skip', 'create'] as const;
export type UnknownContactAction = (typeof UNKNOWN_CONTACT_ACTIONS)[number];

/** How a document event names its contact (docs/domain.md#s7-2 step 5). */
export interface DocumentContactInput {
	/** The contact by its number; or, when empty, by `relation` and `externalNo`. */
	readonly contactNo?: unknown;
	/** E.g. `customer`: the contact holding this business relation. */
	readonly relation?: unknown;
	/** E.g. the customer number in the invoice system. */
	readonly externalNo?: unknown;
	/** The contact to create when it is unknown and `unknownContact` is `create`. */
	readonly newContact?: Partial<Omit<ContactInput, 'businessRelations'>>;
}

export type ContactRef =
	| { readonly by: 'number'; readonly contactNo: string }
	| { readonly by: 'relation'; readonly relation: string; readonly externalNo: string };

/** The key of a relation lookup: relation and number, which no number can contain. */
export const relationKey = (relation: string, externalNo: string) =>
	`${relation}\u0000${externalNo}`;

/**
 * Reads how an item names its contact (docs/domain.md#s7-2 step 5): by number, or by a business
 * relation such as the customer number; neither is a VALIDATION error on `contactNo`.
 */
export function readContactRef(input: DocumentContactInput): ContactRef {
	const blank = (v: unknown) => v === undefined || v === null || v === '';
	if (!blank(input.contactNo)) return { by: 'number', contactNo: readContactNo(input.contactNo) };
	if (blank(input.relation) && blank(input.externalNo)) {
		throw validationError(
			'contactNo',
			input.contactNo,
			'The document event names no contact',
			'Give contactNo, or relation and externalNo (e.g. customer and the customer number).',
		);
	}
	return {
		by: 'relation',
		relation: readRelationName(input.relation),
		externalNo: readExternalNo(input.externalNo),
	};
}

/**
 * The contacts holding the given business relations (docs/domain.md#s7-2 step 5, Contact Business
 * Relation), by relation key: one statement for the whole batch, each relation asked once.
 */
export async function loadContactsByRelation(db: Knex, refs: readonly ContactRef[]) {
	const unique = new Map<string, { relation: string; externalNo: string }>();
	for (const ref of refs) {
		if (ref.by === 'relation') unique.set(relationKey(ref.relation, ref.externalNo), ref);
	}
	const wanted = [...unique.values()];
	if (wanted.length === 0) return new Map<string, DraftContact>();
	const { rows } = await db.raw<{
		rows: (ContactRow & { relation: string; external_no: string })[];
	}>(
		`select w.relation, w.external_no, c.*
		from unnest(?::text[], ?::text[]) as w(relation, external_no)
		join contact_business_relations r
			on r.relation = w.relation and r.external_no = w.external_no
		join contacts c on c.contact_no = r.contact_no`,
		[sqlArray(wanted.map((r) => r.relation)), sqlArray(wanted.map((r) => r.externalNo))],
	);
	return new Map(rows.map((row) => [relationKey(row.relation, row.external_no), toContact(row)]));
}

/** "Contact X does not exist" or "No contact holds customer number Y", for messages. */
export function describeRef(ref: ContactRef): string {
	return ref.by === 'number'
		? `Contact ${ref.contactNo} does not exist`
		: `No contact holds ${ref.relation} number ${ref.externalNo}`;
}

/** The contact to create for an unknown one (docs/domain.md#s7-2 step 5, here made explicit). */
function newContactFor(input: DocumentContactInput, ref: ContactRef): ContactInput {
	const contactNo =
		input.newContact?.contactNo ?? (ref.by === 'number' ? ref.contactNo : undefined);
	if (contactNo === undefined || contactNo === null || contactNo === '') {
		throw validationError(
			'newContact.contactNo',
			contactNo,
			`${describeRef(ref)}, and no number is given for the contact to create`,
			'Give the new contact a number (Create Contact → Contact No.), or skip unknown contacts.',
		);
	}
	return {
		...input.newContact,
		contactNo,
		businessRelations:
			ref.by === 'relation' ? [{ relation: ref.relation, externalNo: ref.externalNo }] : undefined,
	};
}

function draftContactOf(contact: ContactInput): DraftContact {
	const { row } = readContactInput(contact);
	return {
		contactNo: row.contact_no,
		type: row.type,
		companyNo: row.company_no,
		email: row.email,
		correspondenceType: row.correspondence_type,
		salespersonCode: row.salesperson_code,
		privacyBlocked: row.privacy_blocked,
	};
}

/**
 * The write that creates the unknown contacts of the given items with `upsertContacts`, in the
 * caller's transaction (so a rolled-back batch leaves no contact behind), each number once; an
 * error names the item it came from.
 */
export function contactCreator(toCreate: ReadonlyMap<number, ContactInput>) {
	return async (trx: Knex.Transaction, indexes: readonly number[]) => {
		const byNo = new Map<string, { index: number; input: ContactInput }>();
		for (const index of indexes) {
			const input = toCreate.get(index);
			const no = input && readContactNo(input.contactNo);
			if (input && no && !byNo.has(no)) byNo.set(no, { index, input });
		}
		if (byNo.size === 0) return;
		const creators = [...byNo.values()];
		try {
			await upsertContacts(
				trx,
				creators.map((c) => c.input),
			);
		} catch (error) {
			// upsertContacts names the first bad contact by its index in `creators`.
			if (!isInteractionLogError(error) || error.details.index === undefined) throw error;
			const first = isInteractionLogError(error.cause) ? error.cause : error;
			throw itemError(creators[error.details.index].index, first);
		}
	};
}

export interface ContactLookups {
	readonly byRelation: ReadonlyMap<string, DraftContact>;
	readonly sources: DraftSourceMaps;
	readonly onUnknown: UnknownContactAction;
}

function unknownContactError(ref: ContactRef) {
	if (ref.by === 'number') return contactNotFound(ref.contactNo);
	return notFoundError(
		'externalNo',
		ref.externalNo,
		describeRef(ref),
		`Add the ${ref.relation} number to a contact (Interaction Setup → Contact), or set Unknown Contact to Skip or Create.`,
	);
}

/**
 * The contact of an item: the known one, else (Unknown Contact: Create) the one to create from
 * `newContact`, holding the relation looked for. Unknown under `error`: NOT_FOUND. A new number
 * that exists already: CONFLICT, since creating would overwrite that contact.
 */
export function resolveContact(
	ref: ContactRef,
	input: DocumentContactInput,
	lookups: ContactLookups,
): { contact: DraftContact; create?: ContactInput } {
	const known =
		ref.by === 'number'
			? lookups.sources.contacts.get(ref.contactNo)
			: lookups.byRelation.get(relationKey(ref.relation, ref.externalNo));
	if (known) return { contact: known };
	if (lookups.onUnknown !== 'create') throw unknownContactError(ref);
	const create = newContactFor(input, ref);
	const contact = draftContactOf(create);
	if (lookups.sources.contacts.has(contact.contactNo)) {
		throw new InteractionLogError(
			'CONFLICT',
			`${describeRef(ref)}, and contact ${contact.contactNo}, the one to create, already exists`,
			{
				field: 'newContact.contactNo',
				value: contact.contactNo,
				hint: `Add the ${ref.by === 'relation' ? `${ref.relation} number to contact ${contact.contactNo}` : 'relation to the existing contact'}, or give another number for the new contact.`,
			},
		);
	}
	return { contact, create };
}
