import type { Knex } from 'knex';

import {
	contactErasedError,
	matchContactsByEmail,
	readContactInput,
	readContactNo,
	readEmailAddress,
	readExternalNo,
	readRelationName,
	toContact,
	upsertContacts,
	EMAIL_MATCH_MODES,
	type ContactInput,
	type EmailMatch,
	type EmailMatchMode,
} from '../contacts';
import type { ContactRow } from '../db';
import {
	InteractionLogError,
	isInteractionLogError,
	notFoundError,
	readOptionalChoice,
	sqlArray,
	validationError,
} from '../core';
import type { DraftContact, DraftSourceMaps } from './draft';
import { itemError } from './batch';
import { contactNotFound } from './input';
import type { PreparedEntry } from './write';

// The contact an item names (docs/domain.md#s7-2 step 5): by number, through a business relation such
// as the customer number, or by an e-mail address; and, when it is unknown, the contact to create.

/** What to do with an item whose contact is not in the log. */
export const UNKNOWN_CONTACT_ACTIONS = ['error', 'skip', 'create'] as const;
export type UnknownContactAction = (typeof UNKNOWN_CONTACT_ACTIONS)[number];

/** How an item names its contact: the first of number, relation, e-mail that is given. */
export interface ContactRefInput {
	/** The contact by its number. */
	readonly contactNo?: unknown;
	/** E.g. `customer`: the contact holding this business relation. */
	readonly relation?: unknown;
	/** E.g. the customer number in the invoice system; kept exactly (case and all). */
	readonly externalNo?: unknown;
	/** An e-mail address, also as `Name <address>`: see `matchContactsByEmail` for the rule. */
	readonly email?: unknown;
	/** `address` (default) or `address_or_domain`: also the company at the address's domain. */
	readonly emailMatch?: unknown;
}

/** How a document event names its contact, and the contact to create when it is unknown. */
export interface DocumentContactInput extends ContactRefInput {
	/** The contact to create when it is unknown and `unknownContact` is `create`. */
	readonly newContact?: Partial<Omit<ContactInput, 'businessRelations'>>;
}

export type ContactRef =
	| { readonly by: 'number'; readonly contactNo: string }
	| { readonly by: 'relation'; readonly relation: string; readonly externalNo: string }
	| { readonly by: 'email'; readonly address: string; readonly mode: EmailMatchMode };

/** The key of a relation lookup: relation and number, which no number can contain. */
export const relationKey = (relation: string, externalNo: string) =>
	`${relation}\u0000${externalNo}`;

const blank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Reads how an item names its contact: by number, by a business relation such as the customer
 * number, or by e-mail address; none of them is a VALIDATION error on `contactNo`.
 */
export function readContactRef(input: ContactRefInput): ContactRef {
	if (!blank(input.contactNo)) return { by: 'number', contactNo: readContactNo(input.contactNo) };
	if (!blank(input.relation) || !blank(input.externalNo)) {
		return {
			by: 'relation',
			relation: readRelationName(input.relation),
			externalNo: readExternalNo(input.externalNo),
		};
	}
	if (!blank(input.email)) {
		return {
			by: 'email',
			address: readEmailAddress(input.email),
			mode: readOptionalChoice('emailMatch', input.emailMatch, EMAIL_MATCH_MODES) ?? 'address',
		};
	}
	throw validationError(
		'contactNo',
		input.contactNo,
		'The item names no contact',
		'Give contactNo, relation and externalNo (e.g. customer and the customer number), or an e-mail address.',
	);
}

/** The contacts found by relation and by e-mail for a batch of items. */
export interface ContactMatches {
	readonly byRelation: ReadonlyMap<string, DraftContact>;
	readonly byEmail: ReadonlyMap<string, EmailMatch>;
}

const emailKey = (address: string, mode: EmailMatchMode) => `${mode}\u0000${address}`;

/**
 * The contacts holding the given business relations (docs/domain.md#s7-2 step 5, Contact Business
 * Relation) and those of the given e-mail addresses: one statement for the relations of the whole
 * batch, two for its addresses, each key asked once.
 */
export async function loadContactMatches(
	db: Knex,
	refs: readonly ContactRef[],
): Promise<ContactMatches> {
	const unique = new Map<string, { relation: string; externalNo: string }>();
	for (const ref of refs) {
		if (ref.by === 'relation') unique.set(relationKey(ref.relation, ref.externalNo), ref);
	}
	const wanted = [...unique.values()];
	const byRelation = new Map<string, DraftContact>();
	if (wanted.length > 0) {
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
		for (const row of rows)
			byRelation.set(relationKey(row.relation, row.external_no), toContact(row));
	}
	const byEmail = new Map<string, EmailMatch>();
	for (const mode of EMAIL_MATCH_MODES) {
		const addresses = refs.flatMap((ref) =>
			ref.by === 'email' && ref.mode === mode ? [ref.address] : [],
		);
		if (addresses.length === 0) continue;
		for (const [address, match] of await matchContactsByEmail(db, addresses, mode)) {
			byEmail.set(emailKey(address, mode), match);
		}
	}
	return { byRelation, byEmail };
}

/** "Contact X does not exist", "No contact holds customer number Y", …, for messages. */
export function describeRef(ref: ContactRef, matches?: ContactMatches): string {
	if (ref.by === 'number') return `Contact ${ref.contactNo} does not exist`;
	if (ref.by === 'relation') return `No contact holds ${ref.relation} number ${ref.externalNo}`;
	const match = matches?.byEmail.get(emailKey(ref.address, ref.mode));
	return match?.status === 'none'
		? match.reason
		: `No contact has the e-mail address ${ref.address}`;
}

/**
 * The known contact an item names, or undefined. An e-mail address shared by contacts in a way
 * the rule does not settle throws its CONFLICT (never a guess).
 */
export function knownContact(
	ref: ContactRef,
	sources: DraftSourceMaps,
	matches: ContactMatches,
): DraftContact | undefined {
	if (ref.by === 'number') return sources.contacts.get(ref.contactNo);
	if (ref.by === 'relation')
		return matches.byRelation.get(relationKey(ref.relation, ref.externalNo));
	const match = matches.byEmail.get(emailKey(ref.address, ref.mode));
	if (match?.status === 'ambiguous') throw match.error;
	return match?.status === 'found' ? toContact(match.row) : undefined;
}

/** The error for an unknown contact under Unknown Contact: Error. */
export function unknownContactError(ref: ContactRef, matches: ContactMatches) {
	if (ref.by === 'number') return contactNotFound(ref.contactNo);
	if (ref.by === 'relation') {
		return notFoundError(
			'externalNo',
			ref.externalNo,
			describeRef(ref),
			`Add the ${ref.relation} number to a contact (Interaction Setup → Contact), or set Unknown Contact to Skip or Create.`,
		);
	}
	return notFoundError(
		'email',
		ref.address,
		describeRef(ref, matches),
		'Give a contact this address (Interaction Setup → Contact), or set Unknown Contact to Skip.',
	);
}

// A contact to create from the series has no number until the write: its entries carry this
// stand-in, replaced in the write's transaction (see `contactCreator`).
const NEW_CONTACT = '\u0000new:';
const isStandIn = (no: string | null) => no !== null && no.startsWith(NEW_CONTACT);

/** A contact to create, and the key that makes items naming the same one create it once. */
export interface ContactToCreate {
	readonly key: string;
	readonly input: ContactInput;
}

/** Reads `newContact`, naming its fields as the node does (`newContact.contactNo`, …). */
function readNewContact(contact: ContactInput) {
	try {
		return readContactInput(contact);
	} catch (error) {
		if (!isInteractionLogError(error) || !error.details.field) throw error;
		const field = `newContact.${error.details.field}`;
		throw new InteractionLogError(
			error.code,
			error.message.replace(error.details.field, field),
			{ ...error.details, field },
			{ cause: error },
		);
	}
}

/** The contact to create for an unknown one (docs/domain.md#s7-2 step 5, here made explicit). */
function newContactFor(input: DocumentContactInput, ref: ContactRef): ContactToCreate {
	const given = input.newContact?.contactNo;
	const contactNo = !blank(given) ? given : ref.by === 'number' ? ref.contactNo : undefined;
	const contact: ContactInput = {
		...input.newContact,
		contactNo,
		email:
			blank(input.newContact?.email) && ref.by === 'email' ? ref.address : input.newContact?.email,
		businessRelations:
			ref.by === 'relation' ? [{ relation: ref.relation, externalNo: ref.externalNo }] : undefined,
	};
	const key =
		contactNo !== undefined
			? `no:${String(contactNo).trim().toUpperCase()}`
			: ref.by === 'relation'
				? `relation:${relationKey(ref.relation, ref.externalNo)}`
				: `email:${ref.by === 'email' ? ref.address : ''}`;
	return { key, input: contact };
}

function draftContactOf(create: ContactToCreate): DraftContact {
	const { row, fromSeries } = readNewContact(create.input);
	const contactNo = fromSeries ? `${NEW_CONTACT}${create.key}` : row.contact_no;
	return {
		contactNo,
		type: row.type,
		companyNo: row.type === 'company' ? contactNo : row.company_no,
		email: row.email,
		correspondenceType: row.correspondence_type,
		salespersonCode: row.salesperson_code,
		privacyBlocked: row.privacy_blocked,
	};
}

/**
 * The write that creates the unknown contacts of the given entries with `upsertContacts`, in the
 * caller's transaction (so a rolled-back batch leaves no contact behind and gives its series
 * numbers back), each contact once; returns the entries with the numbers the series gave. An
 * error names the item it came from.
 */
export function contactCreator(toCreate: ReadonlyMap<number, ContactToCreate>) {
	return async (
		trx: Knex.Transaction,
		entries: readonly PreparedEntry[],
	): Promise<readonly PreparedEntry[]> => {
		const byKey = new Map<string, { index: number; input: ContactInput }>();
		for (const { index } of entries) {
			const create = toCreate.get(index);
			if (create && !byKey.has(create.key)) byKey.set(create.key, { index, input: create.input });
		}
		if (byKey.size === 0) return entries;
		const creators = [...byKey.entries()];
		let contactNos: readonly string[];
		try {
			({ contactNos } = await upsertContacts(
				trx,
				creators.map(([, c]) => c.input),
			));
		} catch (error) {
			// upsertContacts names the first bad contact by its index in `creators`.
			if (!isInteractionLogError(error) || error.details.index === undefined) throw error;
			const first = isInteractionLogError(error.cause) ? error.cause : error;
			throw itemError(creators[error.details.index][1].index, first);
		}
		const numberOf = new Map(creators.map(([key], i) => [`${NEW_CONTACT}${key}`, contactNos[i]]));
		return entries.map((entry) => {
			const { contact_no, contact_company_no } = entry.row;
			if (!isStandIn(contact_no) && !isStandIn(contact_company_no)) return entry;
			const replace = (no: string | null) => (isStandIn(no) ? (numberOf.get(no!) ?? no) : no);
			return {
				...entry,
				row: {
					...entry.row,
					contact_no: replace(contact_no),
					contact_company_no: replace(contact_company_no),
				},
			};
		});
	};
}

export interface ContactLookups {
	readonly matches: ContactMatches;
	readonly sources: DraftSourceMaps;
	readonly onUnknown: UnknownContactAction;
}

/**
 * The contact of an item: the known one, else (Unknown Contact: Create) the one to create from
 * `newContact` (numbered from the series when no number is given), holding the relation or the
 * address looked for. Unknown under `error`: NOT_FOUND. A new number that exists already:
 * CONFLICT, since creating would overwrite that contact.
 */
export function resolveContact(
	ref: ContactRef,
	input: DocumentContactInput,
	lookups: ContactLookups,
): { contact: DraftContact; create?: ContactToCreate } {
	const known = knownContact(ref, lookups.sources, lookups.matches);
	if (known) return { contact: known };
	if (ref.by === 'number' && lookups.sources.erasedContactNos.has(ref.contactNo)) {
		throw contactErasedError(ref.contactNo);
	}
	if (lookups.onUnknown !== 'create') throw unknownContactError(ref, lookups.matches);
	const create = newContactFor(input, ref);
	const contact = draftContactOf(create);
	if (!isStandIn(contact.contactNo) && lookups.sources.contacts.has(contact.contactNo)) {
		throw new InteractionLogError(
			'CONFLICT',
			`${describeRef(ref, lookups.matches)}, and contact ${contact.contactNo}, the one to create, already exists`,
			{
				field: 'newContact.contactNo',
				value: contact.contactNo,
				hint:
					ref.by === 'relation'
						? `Add the ${ref.relation} number to contact ${contact.contactNo}, or leave New Contact → Contact No. empty to number it from the series.`
						: 'Give another number for the new contact, or leave it empty to number it from the series.',
			},
		);
	}
	return { contact, create };
}
