import type { Knex } from 'knex';
import { DateTime } from 'luxon';

import { NUMERIC_LIMITS, sqlArray } from '../core';
import {
	contactErasedError,
	findErasedContactNos,
	isPseudonym,
	toContact,
	type Contact,
} from '../contacts';
import { CONTACTS_TABLE, TEMPLATES_TABLE } from '../db';
import {
	CORRESPONDENCE_TYPES,
	EVALUATIONS,
	INFORMATION_FLOWS,
	INITIATORS,
	LIMITS,
	type CorrespondenceType,
} from '../core';
import { InteractionLogError } from '../core';
import type { LogEntry } from '../log';
import {
	readBoolean,
	readNonNegativeNumber,
	readOptionalChoice,
	readOptionalCode,
	readOptionalText,
	readText,
} from '../core';
import { toTemplate, type InteractionTemplate } from '../setup';
import { readInstant } from '../core';
import { isoInZone } from '../core';

// The copy rules of logging (docs/domain.md#s5-1, docs/domain.md#s8, docs/domain.md#s9-3,
// docs/domain.md#s16-2) in one place: what an entry gets from its template, its contact and the
// values given with it. Recording (lib/record.ts) and the Apply Template node both build entries
// through `buildInteractionDraft`.

/** The template fields a draft copies (docs/domain.md#s3, docs/domain.md#s16-2). */
export type DraftTemplate = Pick<
	InteractionTemplate,
	| 'code'
	| 'groupCode'
	| 'description'
	| 'unitCost'
	| 'unitDurationMin'
	| 'informationFlow'
	| 'initiatedBy'
	| 'correspondenceType'
	| 'ignoreContactCorresType'
	| 'campaignNo'
	| 'campaignTarget'
	| 'campaignResponse'
	| 'languageCode'
>;

/** The contact fields a draft reads (company, correspondence preference, salesperson, block). */
export type DraftContact = Pick<
	Contact,
	| 'contactNo'
	| 'type'
	| 'companyNo'
	| 'email'
	| 'correspondenceType'
	| 'salespersonCode'
	| 'privacyBlocked'
>;

/** What a draft is built from. Without a contact, the contact fields stay empty. */
export interface DraftSources {
	readonly template: DraftTemplate;
	readonly contact?: DraftContact;
}

/**
 * The values given with one interaction, as they come from a node (expressions: `unknown`).
 * Each one given overrides the template's default; absent or blank ones take it.
 */
export interface InteractionDraftInput {
	/** When it happened; a value without an offset is read in `timeZone`. Default: `now`. */
	readonly occurredAt?: unknown;
	/** The workflow's IANA time zone, stored with the entry. */
	readonly timeZone: string;
	/** "Now" for a missing `occurredAt`; the current time when absent. */
	readonly now?: DateTime;
	readonly description?: unknown;
	readonly subject?: unknown;
	readonly evaluation?: unknown;
	readonly attemptFailed?: unknown;
	readonly salespersonCode?: unknown;
	readonly campaignNo?: unknown;
	readonly campaignTarget?: unknown;
	readonly campaignResponse?: unknown;
	readonly opportunityNo?: unknown;
	readonly cost?: unknown;
	readonly durationMin?: unknown;
	readonly correspondenceType?: unknown;
	readonly informationFlow?: unknown;
	readonly initiatedBy?: unknown;
	readonly languageCode?: unknown;
	/** The phone number dialled or e-mail address used (docs/domain.md#s5-1). */
	readonly contactVia?: unknown;
}

/**
 * An interaction ready to be logged: the fields of a log entry that logging decides, named as in
 * `LogEntry`. The Apply Template node outputs exactly this.
 */
export type InteractionDraft = Pick<
	LogEntry,
	| 'contactNo'
	| 'contactCompanyNo'
	| 'occurredAt'
	| 'timeZone'
	| 'templateCode'
	| 'groupCode'
	| 'description'
	| 'subject'
	| 'informationFlow'
	| 'initiatedBy'
	| 'correspondenceType'
	| 'cost'
	| 'durationMin'
	| 'evaluation'
	| 'attemptFailed'
	| 'salespersonCode'
	| 'campaignNo'
	| 'campaignTarget'
	| 'campaignResponse'
	| 'opportunityNo'
	| 'languageCode'
	| 'contactVia'
>;

const CONTACT_VIA_MAX = 80;

/** A person's company, or a company's own number (docs/domain.md#s5-1). */
export function contactCompanyNoOf(contact: Pick<Contact, 'contactNo' | 'type' | 'companyNo'>) {
	return contact.type === 'company' ? contact.contactNo : contact.companyNo;
}

/**
 * The correspondence type an entry is logged with (docs/domain.md#s9-3): the one given; else the
 * template's default when the template ignores the contact's preference or the contact has none;
 * else the contact's preference. E-mail is cleared when the contact has no e-mail address.
 */
export function correspondenceTypeFor(
	given: CorrespondenceType | null,
	template: Pick<DraftTemplate, 'correspondenceType' | 'ignoreContactCorresType'>,
	contact: Pick<DraftContact, 'email' | 'correspondenceType'> | undefined,
): CorrespondenceType | null {
	const preferred = contact?.correspondenceType ?? null;
	const chosen =
		given ??
		(template.ignoreContactCorresType || preferred === null
			? template.correspondenceType
			: preferred);
	return chosen === 'email' && contact && !contact.email ? null : chosen;
}

/** BLOCKED for a privacy-blocked contact: nothing may be logged for it (docs/domain.md#s5-4). */
export function refuseBlockedContact(contact: Pick<DraftContact, 'contactNo' | 'privacyBlocked'>) {
	if (!contact.privacyBlocked) return;
	if (isPseudonym(contact.contactNo)) throw contactErasedError(contact.contactNo);
	throw new InteractionLogError(
		'BLOCKED',
		`Contact ${contact.contactNo} is privacy-blocked: no interactions can be logged for it`,
		{
			field: 'contactNo',
			value: contact.contactNo,
			hint: 'Remove the privacy block on the contact first (Interaction Setup → Contact), if that is allowed.',
		},
	);
}

/**
 * Applies the copy rules of logging (docs/domain.md#s16-2, docs/domain.md#s8, docs/domain.md#s9-3)
 * to one interaction: the template's group, description, unit cost and duration, flow, initiator,
 * campaign fields, correspondence type and language are copied, and each value given in `input`
 * overrides its default. The salesperson defaults to the contact's (docs/domain.md#s6-2,
 * docs/domain.md#s7-2), the company is the contact's company (docs/domain.md#s5-1), and
 * `occurredAt` without an offset is read in the workflow's time zone. A privacy-blocked contact is
 * refused (BLOCKED). Pure: no database.
 *
 * ### Examples
 * ```ts
 * const draft = buildInteractionDraft(
 * 	{ template: outcall, contact: annLee },
 * 	{ timeZone: 'Europe/Berlin', occurredAt: '2026-11-25T14:30:00', subject: 'Renewal' },
 * );
 * // → { templateCode: 'OUTCALL', groupCode: 'PHONE', cost: 1.5, occurredAt: '2026-11-25T14:30:00.000+01:00', … }
 * ```
 */
export function buildInteractionDraft(
	sources: DraftSources,
	input: InteractionDraftInput,
): InteractionDraft {
	const { template, contact } = sources;
	if (contact) refuseBlockedContact(contact);
	const occurredAt =
		input.occurredAt === undefined || input.occurredAt === null || input.occurredAt === ''
			? (input.now ?? DateTime.now())
			: readInstant('occurredAt', input.occurredAt, input.timeZone);
	const given = readOptionalChoice(
		'correspondenceType',
		input.correspondenceType,
		CORRESPONDENCE_TYPES,
	);
	return {
		contactNo: contact?.contactNo ?? null,
		contactCompanyNo: contact ? contactCompanyNoOf(contact) : null,
		occurredAt: isoInZone(occurredAt.toMillis(), input.timeZone),
		timeZone: input.timeZone,
		templateCode: template.code,
		groupCode: template.groupCode,
		description: readText(
			'description',
			input.description,
			LIMITS.description,
			template.description,
		),
		subject: readOptionalText('subject', input.subject, LIMITS.subject),
		informationFlow:
			readOptionalChoice('informationFlow', input.informationFlow, INFORMATION_FLOWS) ??
			template.informationFlow,
		initiatedBy:
			readOptionalChoice('initiatedBy', input.initiatedBy, INITIATORS) ?? template.initiatedBy,
		correspondenceType: correspondenceTypeFor(given, template, contact),
		cost: readNonNegativeNumber('cost', input.cost, template.unitCost, NUMERIC_LIMITS.cost),
		durationMin: readNonNegativeNumber(
			'durationMin',
			input.durationMin,
			template.unitDurationMin,
			NUMERIC_LIMITS.durationMin,
		),
		evaluation: readOptionalChoice('evaluation', input.evaluation, EVALUATIONS),
		attemptFailed: readBoolean('attemptFailed', input.attemptFailed),
		salespersonCode:
			readOptionalCode('salespersonCode', input.salespersonCode, LIMITS.salespersonCode) ??
			contact?.salespersonCode ??
			null,
		campaignNo:
			readOptionalCode('campaignNo', input.campaignNo, LIMITS.campaignNo) ?? template.campaignNo,
		campaignTarget: readBoolean('campaignTarget', input.campaignTarget, template.campaignTarget),
		campaignResponse: readBoolean(
			'campaignResponse',
			input.campaignResponse,
			template.campaignResponse,
		),
		opportunityNo: readOptionalCode('opportunityNo', input.opportunityNo, LIMITS.opportunityNo),
		languageCode:
			readOptionalCode('languageCode', input.languageCode, LIMITS.languageCode) ??
			template.languageCode,
		contactVia: readOptionalText('contactVia', input.contactVia, CONTACT_VIA_MAX),
	};
}

/** Templates and contacts by code and number, as `loadDraftSources` returns them. */
export interface DraftSourceMaps {
	readonly templates: ReadonlyMap<string, InteractionTemplate>;
	readonly contacts: ReadonlyMap<string, Contact>;
	/** Asked-for numbers of contacts that were erased: logging for them is refused in words. */
	readonly erasedContactNos: ReadonlySet<string>;
}

/**
 * Loads what drafts for a whole batch need, set-based: one query for the templates and one for
 * the contacts (`= any(array)`), whatever the number of items. Codes and numbers must already be
 * in their stored form (`readTemplateCode`, `readContactNo`); unknown ones are simply absent.
 */
export async function loadDraftSources(
	db: Knex | Knex.Transaction,
	keys: { readonly templateCodes: readonly string[]; readonly contactNos: readonly string[] },
): Promise<DraftSourceMaps> {
	const templateCodes = [...new Set(keys.templateCodes)];
	const contactNos = [...new Set(keys.contactNos)];
	const [templateRows, contactRows] = await Promise.all([
		templateCodes.length === 0
			? []
			: db(TEMPLATES_TABLE).whereRaw('code = any(?::text[])', [sqlArray(templateCodes)]),
		contactNos.length === 0
			? []
			: db(CONTACTS_TABLE).whereRaw('contact_no = any(?::text[])', [sqlArray(contactNos)]),
	]);
	const contacts = new Map(contactRows.map((row) => [row.contact_no, toContact(row)]));
	// Only numbers not found are looked up: none, as a rule.
	const missing = contactNos.filter((no) => !contacts.has(no));
	return {
		templates: new Map(templateRows.map((row) => [row.code, toTemplate(row)])),
		contacts,
		erasedContactNos: await findErasedContactNos(db, missing),
	};
}
