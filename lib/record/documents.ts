import type { Knex } from 'knex';

import { NUMERIC_LIMITS, sqlArray } from '../core';
import { TEMPLATE_SETUP_TABLE } from '../db';
import { readContactNo } from '../contacts';
import { LIMITS } from '../core';
import { notFoundError, validationError } from '../core';
import { readNonNegativeInteger, readOptionalChoice, readText } from '../core';
import { buildInteractionDraft, loadDraftSources, type InteractionDraftInput } from './draft';
import { runBatch, type RecordOutcome } from './batch';
import {
	contactCreator,
	describeRef,
	knownContact,
	loadContactMatches,
	readContactRef,
	resolveContact,
	UNKNOWN_CONTACT_ACTIONS,
	type ContactLookups,
	type ContactToCreate,
	type DocumentContactInput,
} from './document-contacts';
import {
	isOutcome,
	readRecordKeys,
	readRecordOptions,
	templateNotFound,
	readable,
	tryItem,
	type UnreadableInput,
	type RecordKeysInput,
	type RecordOptions,
} from './input';
import { toNewEntryRow, type PreparedEntry } from './write';
import { readDocumentKind } from '../setup';

/**
 * One document event (docs/domain.md#s7: an invoice or quote sent or printed), as a node gives it.
 */
export interface DocumentEventInput
	extends Omit<InteractionDraftInput, 'timeZone' | 'now'>, RecordKeysInput, DocumentContactInput {
	/** A kind of the template setup, e.g. `sales_invoice`. */
	readonly documentKind: unknown;
	/** Required: with kind, version, occurrence and contact, it identifies the event. */
	readonly documentNo: unknown;
	/** Archive version of a quote or order (docs/domain.md#s5-1); 0 when unknown. */
	readonly versionNo?: unknown;
	/** Occurrence of a reused document number (docs/domain.md#s7-1); 0 when unknown. */
	readonly docNoOccurrence?: unknown;
}

export { UNKNOWN_CONTACT_ACTIONS, type UnknownContactAction } from './document-contacts';

export interface DocumentEventOptions extends RecordOptions {
	/** `error` (default), `skip` (with the reason) or `create` (from `newContact`). */
	readonly unknownContact?: unknown;
}

/**
 * A document event names its document (docs/domain.md#s7-2): the number is what makes a repeated
 * event count once, so an event without one is refused rather than recorded unkeyed.
 */
function readDocumentNo(value: unknown): string {
	const documentNo = readText('documentNo', value, LIMITS.documentNo);
	if (documentNo === '') {
		throw validationError(
			'documentNo',
			value,
			'documentNo is required: the document event names no document number',
			'Give the number of the invoice, quote or other document (for an e-mail or a call, its message or call ID); a repeated event with the same number is recorded once.',
		);
	}
	return documentNo;
}

function readDocumentItem(input: DocumentEventInput) {
	return {
		documentKind: readDocumentKind(input.documentKind, 'documentKind'),
		documentNo: readDocumentNo(input.documentNo),
		versionNo: readNonNegativeInteger('versionNo', input.versionNo, 0, NUMERIC_LIMITS.integer),
		docNoOccurrence: readNonNegativeInteger(
			'docNoOccurrence',
			input.docNoOccurrence,
			0,
			NUMERIC_LIMITS.integer,
		),
		contact: readContactRef(input),
		...readRecordKeys(input),
	};
}
type DocumentItem = ReturnType<typeof readDocumentItem>;

async function loadSetupSlots(db: Knex, kinds: readonly string[]) {
	const rows = await db(TEMPLATE_SETUP_TABLE)
		.select('document_kind', 'template_code')
		.whereRaw('document_kind = any(?::text[])', [sqlArray([...new Set(kinds)])]);
	return new Map(rows.map((row) => [row.document_kind, row.template_code]));
}

function kindNotFound(kind: string) {
	return notFoundError(
		'documentKind',
		kind,
		`The template setup has no document kind "${kind}"`,
		`Use a builtin kind such as sales_invoice, or add "${kind}" as a custom kind with Interaction Setup → Template Setup.`,
	);
}

/** The contact numbers an item needs loaded: its own and that of a contact to create. */
function contactNosOf(item: DocumentItem, input: DocumentEventInput): string[] {
	const nos = item.contact.by === 'number' ? [item.contact.contactNo] : [];
	const fresh = input.newContact?.contactNo;
	if (fresh === undefined || fresh === null || fresh === '') return nos;
	const no = tryItem(() => readContactNo(fresh));
	return typeof no === 'string' ? [...nos, no] : nos;
}

/**
 * Records document events automatically (docs/domain.md#s7-2 `LogDocument`), all items of a call
 * together. The template comes from the template setup: a kind whose slot is blank is skipped
 * with the reason (Business Central skips silently), an unknown kind is NOT_FOUND. The contact is
 * found by number, by a business relation (e.g. the customer number, matched exactly) or by
 * e-mail address; an unknown one is an error, skipped, or created from `newContact` (numbered
 * from the contact number series when it has no number), as `unknownContact` says. The salesperson
 * defaults to the contact's. A document event with the same kind, number, version, occurrence
 * and contact is recorded once: a repeat returns the existing entry with `duplicate: true`.
 * Lookups are set-based: one query each for the setup slots, the relations, the templates and
 * the contacts, two for e-mail addresses, whatever the number of items.
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
	inputs: readonly (DocumentEventInput | UnreadableInput)[],
	options: DocumentEventOptions,
): Promise<RecordOutcome[]> {
	const { timeZone, batching, now } = readRecordOptions(options);
	const onUnknown =
		readOptionalChoice('unknownContact', options.unknownContact, UNKNOWN_CONTACT_ACTIONS) ??
		'error';
	const items = inputs.map((input) => tryItem(() => readDocumentItem(readable(input))));
	const valid = items.filter((item): item is DocumentItem => !isOutcome(item));
	const [slots, matches] = await Promise.all([
		loadSetupSlots(
			db,
			valid.map((item) => item.documentKind),
		),
		loadContactMatches(
			db,
			valid.map((item) => item.contact),
		),
	]);
	const sources = await loadDraftSources(db, {
		templateCodes: [...slots.values()].filter((code): code is string => code !== null),
		contactNos: items.flatMap((item, index) =>
			isOutcome(item) ? [] : contactNosOf(item, inputs[index] as DocumentEventInput),
		),
	});
	const lookups: ContactLookups = { matches, sources, onUnknown };
	const toCreate = new Map<number, ContactToCreate>();
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
		// An address two contacts share fails the item, whatever Unknown Contact says.
		const known = tryItem(() => knownContact(ref, sources, matches) ?? null);
		if (known !== null && isOutcome(known)) return known;
		if (known === null && onUnknown === 'skip') {
			return {
				status: 'skipped',
				reason: `${describeRef(ref, matches)}: the event was not recorded (Unknown Contact: Skip).`,
			};
		}
		const prepared = tryItem((): PreparedEntry => {
			const input = inputs[index] as DocumentEventInput;
			const { contact, create } = resolveContact(item.contact, input, lookups);
			const template = sources.templates.get(templateCode);
			if (!template) throw templateNotFound(templateCode);
			const draft = buildInteractionDraft({ template, contact }, { ...input, timeZone, now });
			if (create) toCreate.set(index, create);
			return { index, row: toNewEntryRow(draft, item), comment: null };
		});
		if (isOutcome(prepared)) return prepared;
		entries.push(prepared);
		return undefined;
	});
	return await runBatch(
		db,
		{ decided, entries, prepareWrite: contactCreator(toCreate) },
		batching,
		options.signal,
	);
}
