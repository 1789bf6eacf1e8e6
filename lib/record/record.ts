import type { Knex } from 'knex';

import { contactErasedError } from '../contacts';
import { LIMITS } from '../core';
import { validationError } from '../core';
import { readOptionalChoice, readOptionalText } from '../core';
import {
	buildInteractionDraft,
	loadDraftSources,
	type InteractionDraft,
	type InteractionDraftInput,
} from './draft';
import { runBatch, type RecordOutcome } from './batch';
import {
	describeRef,
	knownContact,
	loadContactMatches,
	readContactRef,
	unknownContactError,
	type ContactRefInput,
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
import { readTemplateCode } from '../setup';

export { RECORD_BATCHING, type RecordBatching, type RecordOutcome } from './batch';
export { recordDocumentEvents, type DocumentEventInput } from './documents';
export { type RecordOptions } from './input';
export {
	listLoggedSegmentEntries,
	logSegment,
	logSegments,
	type LoggedSegmentResult,
	type LogSegmentInput,
	type LogSegmentOutcome,
} from './segment';

/** The settings of recording for contacts. */
export interface ContactInteractionOptions extends RecordOptions {
	/** `error` (default) or `skip`: an item whose contact is not found passes with the reason. */
	readonly unknownContact?: unknown;
}

/** One interaction with a contact, as a node gives it (docs/domain.md#s8). */
export interface ContactInteractionInput
	extends Omit<InteractionDraftInput, 'timeZone' | 'now'>, RecordKeysInput, ContactRefInput {
	/** The contact by number; or, when empty, by relation and externalNo, or by email. */
	readonly contactNo?: unknown;
	readonly templateCode: unknown;
	/** A comment line stored with the entry (docs/domain.md#s5-5). */
	readonly comment?: unknown;
}

/**
 * A hand-logged interaction needs a salesperson and a description (docs/domain.md#s8 CheckStatus,
 * docs/domain.md#s9-2: the salesperson is required when no document is involved).
 */
function checkManualInteraction(draft: InteractionDraft): void {
	if (draft.salespersonCode === null) {
		throw validationError(
			'salespersonCode',
			null,
			'salespersonCode is required for an interaction logged for a contact',
			`Give the salesperson, or set one on contact ${draft.contactNo}.`,
		);
	}
	if (draft.description === '') {
		throw validationError(
			'description',
			'',
			'description is required: neither the item nor the template gives one',
			`Give a description, or set one on template ${draft.templateCode}.`,
		);
	}
}

type ContactItem = ReturnType<typeof readContactItem>;

function readContactItem(input: ContactInteractionInput) {
	return {
		contact: readContactRef(input),
		templateCode: readTemplateCode(input.templateCode),
		comment: readOptionalText('comment', input.comment, LIMITS.comment),
		...readRecordKeys(input),
	};
}

/**
 * Records interactions with contacts (docs/domain.md#s8, docs/domain.md#s9), all items of a call
 * together: every item is validated first, templates and contacts are loaded with one query each
 * (two more for e-mail addresses), and the entries are written set-based (see `writeEntries`) in
 * the chosen batching mode. The contact is found by number, business relation or e-mail address.
 * Template defaults are copied by `buildInteractionDraft`; an unknown template is NOT_FOUND, an
 * unknown contact NOT_FOUND or (`unknownContact: 'skip'`) skipped with the reason, a
 * privacy-blocked contact BLOCKED. A repeated idempotency key returns the entry already written,
 * with `duplicate: true`.
 *
 * ### Examples
 * ```ts
 * const [outcome] = await recordContactInteractions(
 * 	db,
 * 	[{ contactNo: 'CT200', templateCode: 'OUTCALL', salespersonCode: 'JO', idempotencyKey: 'evt_1' }],
 * 	{ timeZone: 'Europe/Berlin' },
 * );
 * // → { status: 'recorded', duplicate: false, entry: { entryNo: 1, templateCode: 'OUTCALL', … } }
 * ```
 */
export async function recordContactInteractions(
	db: Knex,
	inputs: readonly (ContactInteractionInput | UnreadableInput)[],
	options: ContactInteractionOptions,
): Promise<RecordOutcome[]> {
	const { timeZone, batching, now } = readRecordOptions(options);
	const onUnknown =
		readOptionalChoice('unknownContact', options.unknownContact, ['error', 'skip'] as const) ??
		'error';
	const items = inputs.map((input) => tryItem(() => readContactItem(readable(input))));
	const valid = items.filter((item): item is ContactItem => !isOutcome(item));
	const [sources, matches] = await Promise.all([
		loadDraftSources(db, {
			templateCodes: valid.map((item) => item.templateCode),
			contactNos: valid.flatMap((item) =>
				item.contact.by === 'number' ? [item.contact.contactNo] : [],
			),
		}),
		loadContactMatches(
			db,
			valid.map((item) => item.contact),
		),
	]);
	const entries: PreparedEntry[] = [];
	const commentDate = now.setZone(timeZone).toISODate()!;
	const decided = items.map((item, index) => {
		if (isOutcome(item)) return item;
		// An address two contacts share fails the item, whatever Unknown Contact says.
		const known = tryItem(() => knownContact(item.contact, sources, matches) ?? null);
		if (known !== null && isOutcome(known)) return known;
		if (known === null && onUnknown === 'skip') {
			return {
				status: 'skipped' as const,
				reason: `${describeRef(item.contact, matches)}: nothing was recorded (Unknown Contact: Skip).`,
			};
		}
		const prepared = tryItem(() => {
			const template = sources.templates.get(item.templateCode);
			if (!template) throw templateNotFound(item.templateCode);
			const contact = known;
			if (!contact) {
				throw item.contact.by === 'number' && sources.erasedContactNos.has(item.contact.contactNo)
					? contactErasedError(item.contact.contactNo)
					: unknownContactError(item.contact, matches);
			}
			const draft = buildInteractionDraft(
				{ template, contact },
				{ ...(inputs[index] as ContactInteractionInput), timeZone, now },
			);
			checkManualInteraction(draft);
			return {
				index,
				row: toNewEntryRow(draft, item),
				comment: item.comment === null ? null : { text: item.comment, date: commentDate },
			};
		});
		if (isOutcome(prepared)) return prepared;
		entries.push(prepared);
		return undefined;
	});
	return await runBatch(db, { decided, entries }, batching, options.signal);
}
