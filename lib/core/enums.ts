/** The enumerations of templates and entries (docs/domain.md#s3, docs/domain.md#s5-1), as stored:
 * lower-case snake_case values. */
export const INFORMATION_FLOWS = ['outbound', 'inbound'] as const;
export type InformationFlow = (typeof INFORMATION_FLOWS)[number];

export const INITIATORS = ['us', 'them'] as const;
export type InitiatedBy = (typeof INITIATORS)[number];

/** Business Central has hard copy and e-mail; NAV also had fax. */
export const CORRESPONDENCE_TYPES = ['hard_copy', 'email', 'fax'] as const;
export type CorrespondenceType = (typeof CORRESPONDENCE_TYPES)[number];

export const EVALUATIONS = [
	'very_positive',
	'positive',
	'neutral',
	'negative',
	'very_negative',
] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

export const CONTACT_TYPES = ['company', 'person'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/**
 * What happened to an entry; the audit survives a purge (docs/domain.md#s10, docs/domain.md#s11).
 * `erased`: a contact was erased on request (lib/privacy).
 */
export const LOG_EVENT_TYPES = ['recorded', 'canceled', 'restored', 'purged', 'erased'] as const;
export type LogEventType = (typeof LOG_EVENT_TYPES)[number];

/** Field lengths of Business Central (docs/domain.md#s15): Code[10] for groups and templates,
 * Code[20] for the rest. */
export const LIMITS = {
	templateCode: 10,
	groupCode: 10,
	contactNo: 20,
	segmentNo: 20,
	salespersonCode: 20,
	campaignNo: 20,
	opportunityNo: 20,
	languageCode: 10,
	documentKind: 50,
	documentNo: 50,
	description: 100,
	subject: 100,
	name: 100,
	email: 80,
	phone: 30,
	comment: 250,
	idempotencyKey: 200,
	actor: 200,
	reason: 500,
} as const;

/**
 * What the numeric columns hold: cost `numeric(18, 2)` and duration `numeric(12, 2)` stay below
 * 10^16 and 10^10 once rounded to cents; `integer` columns (version, occurrence, line numbers)
 * hold up to 2,147,483,647.
 */
export const NUMERIC_LIMITS = {
	cost: 1e16,
	durationMin: 1e10,
	integer: 2_147_483_647,
} as const;
