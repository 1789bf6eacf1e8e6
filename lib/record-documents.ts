import type { Knex } from 'knex';

import { sqlArray } from './batches';
import { readContactInput, readContactNo, type ContactInput } from './contact-input';
import { readExternalNo, readRelationName } from './contact-relations';
import { toContact, upsertContacts, type ContactRow } from './contacts';
import { LIMITS } from './enums';
import {
	InteractionLogError,
	isInteractionLogError,
	notFoundError,
	validationError,
} from './errors';
import { readNonNegativeInteger, readOptionalChoice, readOptionalText } from './input';
import {
	buildInteractionDraft,
	loadDraftSources,
	type DraftContact,
	type DraftSourceMaps,
	type InteractionDraftInput,
} from './interaction-draft';
import { itemError, runBatch, type RecordOutcome } from './record-batch';
import {
	contactNotFound,
	isOutcome,
	readRecordKeys,
	readRecordOptions,
	templateNotFound,
	tryItem,
	type RecordKeysInput,
	type RecordOptions,
} from './record-input';
import { toNewEntryRow, type PreparedEntry } from './record-write';
import { readDocumentKind } from './template-setup';

/** What to do with a document event whose contact is not in the log. */
export const UNKNOWN_CONTACT_ACTIONS = ['error', 'skip', 'create'] as const;
export type UnknownContactAction = (typeof UNKNOWN_CONTACT_ACTIONS)[number];

/** One document event (reference §7: an invoice or quote sent or printed), as a node gives it. */
export interface DocumentEventInput
	extends Omit<InteractionDraftInput, 'timeZone' | 'now'>, RecordKeysInput {
	/** A kind of the template setup, e.g. `sales_invoice`. */
	readonly documentKind: unknown;
	readonly documentNo?: unknown;
	/** Archive version of a quote or order (reference §5.1 field 32); 0 when unknown. */
	readonly versionNo?: unknown;
	/** Occurrence of a reused document number (reference §7.1); 0 when unknown. */
	readonly docNoOccurrence?: unknown;
	/** The contact by its number; or, when empty, by `relation` and `externalNo`. */
	readonly contactNo?: unknown;
	/** E.g. `customer`: the contact holding this business relation (reference §7.2 step 5). */
	readonly relation?: unknown;
	/** E.g. the customer number in the invoice system. */
	readonly externalNo?: unknown;
	/** The contact to create when it is unknown and `unknownContact` is `create`. */
	readonly newContact?: Partial<Omit<ContactInput, 'businessRelations'>>;
}

export interface DocumentEventOptions extends RecordOptions {
	/** `error` (default), `skip` (with the reason) or `create` (from `newContact`). */
	readonly unknownContact?: unknown;
}

type ContactRef =
	| { readonly by: 'number'; readonly contactNo: string }
	| { readonly by: 'relation'; readonly relation: string; readonly externalNo: string };

const relationKey = (relation: string, externalNo: string) => `${relation}\u0000${externalNo}`;

function readContactRef(input: DocumentEventInput): ContactRef {
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

function readDocumentItem(input: DocumentEventInput) {
	return {
		documentKind: readDocumentKind(input.documentKind, 'documentKind'),
		documentNo: readOptionalText('documentNo', input.documentNo, LIMITS.documentNo),
		versionNo: readNonNegativeInteger('versionNo', input.versionNo),
		docNoOccurrence: readNonNegativeInteger('docNoOccurrence', input.docNoOccurrence),
		contact: readContactRef(input),
		...readRecordKeys(input),
	};
}
type DocumentItem = ReturnType<typeof readDocumentItem>;

async function loadSetupSlots(db: Knex, kinds: readonly string[]) {
	const rows: { document_kind: string; template_code: string | null }[] = await db(
		'interaction_template_setup',
	)
		.select('document_kind', 'template_code')
		.whereRaw('document_kind = any(?::text[])', [sqlArray([...new Set(kinds)])]);
	return new Map(rows.map((row) => [row.document_kind, row.template_code]));
}

/** Contacts holding the given business relations, by relation key. One statement. */
async function loadContactsByRelation(db: Knex, refs: readonly ContactRef[]) {
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

function kindNotFound(kind: string) {
	return notFoundError(
		'documentKind',
		kind,
		`The template setup has no document kind "${kind}"`,
		`Use a builtin kind such as sales_invoice, or add "${kind}" as a custom kind with Interaction Setup → Template Setup.`,
	);
}

function describeRef(ref: ContactRef): string {
	return ref.by === 'number'
		? `Contact ${ref.contactNo} does not exist`
		: `No contact holds ${ref.relation} number ${ref.externalNo}`;
}

/** The contact to create for an unknown one (reference §7.2 step 5, here made explicit). */
function newContactFor(input: DocumentEventInput, ref: ContactRef): ContactInput {
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

/** Creates the contacts of the given items in the caller's transaction, each number once. */
function contactCreator(toCreate: ReadonlyMap<number, ContactInput>) {
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

/** The contact numbers an item needs loaded: its own and that of a contact to create. */
function contactNosOf(item: DocumentItem, input: DocumentEventInput): string[] {
	const nos = item.contact.by === 'number' ? [item.contact.contactNo] : [];
	const fresh = input.newContact?.contactNo;
	if (fresh === undefined || fresh === null || fresh === '') return nos;
	const no = tryItem(() => readContactNo(fresh));
	return typeof no === 'string' ? [...nos, no] : nos;
}

interface Lookups {
	readonly slots: ReadonlyMap<string, string | null>;
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

/** The contact of an item: the known one, or the one to create (registered in `toCreate`). */
function resolveContact(
	item: DocumentItem,
	input: DocumentEventInput,
	lookups: Lookups,
): { contact: DraftContact; create?: ContactInput } {
	const ref = item.contact;
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

/**
 * Records document events automatically (reference §7.2 `LogDocument`), all items of a call
 * together. The template comes from the template setup: a kind whose slot is blank is skipped
 * with the reason (the reference skips silently), an unknown kind is NOT_FOUND. The contact is
 * found by number or by a business relation (e.g. the customer number); an unknown one is an
 * error, skipped, or created from `newContact`, as `unknownContact` says. The salesperson
 * defaults to the contact's. A document event with the same kind, number, version, occurrence
 * and contact is recorded once: a repeat returns the existing entry with `duplicate: true`.
 * Lookups are set-based: one query each for the setup slots, the relations, the templates and
 * the contacts, whatever the number of items.
 *
 * ### Examples
 * ```ts
 * await recordDocumentEvents(
 * 	db,
 * 	[{ documentKind: 'sales_invoice', documentNo: 'INV-1001', relation: 'customer', externalNo: 'C10000' }],
 * 	{ timeZone: 'Europe/Berlin', unknownContact: 'skip' },
 * );
 * ```
 */
export async function recordDocumentEvents(
	db: Knex,
	inputs: readonly DocumentEventInput[],
	options: DocumentEventOptions,
): Promise<RecordOutcome[]> {
	const { timeZone, batching, now } = readRecordOptions(options);
	const onUnknown =
		readOptionalChoice('unknownContact', options.unknownContact, UNKNOWN_CONTACT_ACTIONS) ??
		'error';
	const items = inputs.map((input) => tryItem(() => readDocumentItem(input)));
	const valid = items.filter((item): item is DocumentItem => !isOutcome(item));
	const [slots, byRelation] = await Promise.all([
		loadSetupSlots(
			db,
			valid.map((item) => item.documentKind),
		),
		loadContactsByRelation(
			db,
			valid.map((item) => item.contact),
		),
	]);
	const sources = await loadDraftSources(db, {
		templateCodes: [...slots.values()].filter((code): code is string => code !== null),
		contactNos: items.flatMap((item, index) =>
			isOutcome(item) ? [] : contactNosOf(item, inputs[index]),
		),
	});
	const lookups: Lookups = { slots, byRelation, sources, onUnknown };
	const toCreate = new Map<number, ContactInput>();
	const entries: PreparedEntry[] = [];
	const decided = items.map((item, index): RecordOutcome | undefined => {
		if (isOutcome(item)) return item;
		if (!slots.has(item.documentKind)) {
			return { status: 'failed', error: kindNotFound(item.documentKind) };
		}
		const templateCode = slots.get(item.documentKind);
		if (!templateCode) {
			return {
				status: 'skipped',
				reason: `No template is set up for document kind ${item.documentKind}: set one with Interaction Setup → Template Setup, or leave it blank to skip these events.`,
			};
		}
		const ref = item.contact;
		const isKnown =
			ref.by === 'number'
				? sources.contacts.has(ref.contactNo)
				: byRelation.has(relationKey(ref.relation, ref.externalNo));
		if (!isKnown && onUnknown === 'skip') {
			return {
				status: 'skipped',
				reason: `${describeRef(ref)}: the event was not recorded (Unknown Contact: Skip).`,
			};
		}
		const prepared = tryItem((): PreparedEntry => {
			const { contact, create } = resolveContact(item, inputs[index], lookups);
			const template = sources.templates.get(templateCode);
			if (!template) throw templateNotFound(templateCode);
			const draft = buildInteractionDraft(
				{ template, contact },
				{ ...inputs[index], timeZone, now },
			);
			if (create) toCreate.set(index, create);
			return { index, row: toNewEntryRow(draft, item), comment: null };
		});
		if (isOutcome(prepared)) return prepared;
		entries.push(prepared);
		return undefined;
	});
	return await runBatch(db, { decided, entries, prepareWrite: contactCreator(toCreate) }, batching);
}
