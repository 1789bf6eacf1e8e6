import type { Knex } from 'knex';

import { isForeignKeyViolation, TEMPLATE_SETUP_TABLE, type TemplateSetupRow } from '../db';
import { LIMITS } from '../core';
import { InteractionLogError, notFoundError, validationError } from '../core';
import { readText } from '../core';
import { SNAKE_CASE_NAME, toSnakeCaseName } from '../core';
import { readTemplateCode } from './templates';
import { toIsoString } from '../core';

/**
 * The document kinds of Business Central's Interaction Template Setup (docs/domain.md#s4), in the
 * order of its page, with a label for dropdowns. The migration seeds one blank slot for each.
 */
export const BUILTIN_DOCUMENT_KINDS = [
	{ kind: 'sales_quote', label: 'Sales Quote' },
	{ kind: 'sales_blanket_order', label: 'Sales Blanket Order' },
	{ kind: 'sales_order_confirmation', label: 'Sales Order Confirmation' },
	{ kind: 'sales_invoice', label: 'Sales Invoice' },
	{ kind: 'sales_draft_invoice', label: 'Sales Draft Invoice' },
	{ kind: 'sales_shipment', label: 'Sales Shipment Note' },
	{ kind: 'sales_credit_memo', label: 'Sales Credit Memo' },
	{ kind: 'sales_statement', label: 'Sales Statement' },
	{ kind: 'sales_reminder', label: 'Sales Reminder' },
	{ kind: 'sales_finance_charge_memo', label: 'Sales Finance Charge Memo' },
	{ kind: 'sales_return_order', label: 'Sales Return Order' },
	{ kind: 'sales_return_receipt', label: 'Sales Return Receipt' },
	{ kind: 'purchase_quote', label: 'Purchase Quote' },
	{ kind: 'purchase_blanket_order', label: 'Purchase Blanket Order' },
	{ kind: 'purchase_order', label: 'Purchase Order' },
	{ kind: 'purchase_invoice', label: 'Purchase Invoice' },
	{ kind: 'purchase_receipt', label: 'Purchase Receipt' },
	{ kind: 'purchase_credit_memo', label: 'Purchase Credit Memo' },
	{ kind: 'purchase_return_shipment', label: 'Purchase Return Shipment' },
	{ kind: 'purchase_return_order_confirmation', label: 'Purchase Return Order Confirmation' },
	{ kind: 'service_order_create', label: 'Service Order Created' },
	{ kind: 'service_order_post', label: 'Service Order Posted' },
	{ kind: 'service_contract', label: 'Service Contract' },
	{ kind: 'service_contract_quote', label: 'Service Contract Quote' },
	{ kind: 'service_quote', label: 'Service Quote' },
	{ kind: 'email', label: 'E-Mail' },
	{ kind: 'email_draft', label: 'E-Mail Draft' },
	{ kind: 'cover_sheet', label: 'Cover Sheet' },
	{ kind: 'outgoing_call', label: 'Outgoing Call' },
	{ kind: 'meeting_invitation', label: 'Meeting Invitation' },
] as const;

export type BuiltinDocumentKind = (typeof BUILTIN_DOCUMENT_KINDS)[number]['kind'];

/** One slot of the template setup: the template used when a document of `kind` is recorded. */
export interface TemplateSetupSlot {
	readonly kind: string;
	readonly description: string;
	/** null: a document of this kind is not recorded (docs/domain.md#s7-2 step 1). */
	readonly templateCode: string | null;
	readonly isCustom: boolean;
	readonly updatedAt: string;
}

export interface SetTemplateSetupSlotInput {
	readonly kind: unknown;
	readonly templateCode: unknown;
	/** Kept as it is when absent; a new custom kind gets a label made from its name. */
	readonly description?: unknown;
}

const builtinOrder = new Map<string, number>(BUILTIN_DOCUMENT_KINDS.map((k, i) => [k.kind, i]));

export function toTemplateSetupSlot(row: TemplateSetupRow): TemplateSetupSlot {
	return {
		kind: row.document_kind,
		description: row.description,
		templateCode: row.template_code,
		isCustom: row.is_custom,
		updatedAt: toIsoString(row.updated_at),
	};
}

export function isBuiltinDocumentKind(kind: string): kind is BuiltinDocumentKind {
	return builtinOrder.has(kind);
}

/**
 * Reads a document kind: normalised to snake_case, then checked against `^[a-z][a-z0-9_]*$` and
 * the 50-character limit of the setup table.
 */
export function readDocumentKind(value: unknown, field = 'kind'): string {
	const hint =
		'Use letters, digits and underscores, starting with a letter, e.g. sales_invoice or webinar_registration.';
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw validationError(field, value, `${field} is required: name a document kind`, hint);
	}
	if (typeof value !== 'string') {
		throw validationError(field, value, `${field} must be text, got ${typeof value}`, hint);
	}
	const kind = toSnakeCaseName(value);
	if (!SNAKE_CASE_NAME.test(kind)) {
		throw validationError(field, value, `${field} "${value}" is not a valid document kind`, hint);
	}
	if (kind.length > LIMITS.documentKind) {
		throw validationError(
			field,
			value,
			`${field} "${kind}" is longer than ${LIMITS.documentKind} characters`,
			`Use a name of at most ${LIMITS.documentKind} characters.`,
		);
	}
	return kind;
}

function labelFor(kind: string): string {
	const words = kind.replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

// A plural or near-miss of a builtin kind would silently become a new custom kind that no
// document event uses; ask instead.
function builtinLookalike(kind: string): string | undefined {
	if (isBuiltinDocumentKind(kind)) return undefined;
	const stem = (k: string) => k.replace(/s+$/, '').replace(/_/g, '');
	return BUILTIN_DOCUMENT_KINDS.find((b) => stem(b.kind) === stem(kind))?.kind;
}

function kindNotFound(kind: string, field = 'kind') {
	return notFoundError(
		field,
		kind,
		`The template setup has no document kind "${kind}"`,
		`Use a builtin kind (such as sales_invoice or purchase_order), or add "${kind}" as a custom kind by setting a template for it (Interaction Setup → Template Setup → Set).`,
	);
}

function templateMissing(code: string) {
	return notFoundError(
		'templateCode',
		code,
		`Interaction template ${code} does not exist`,
		'Create the template first, or pick an existing one.',
	);
}

/** Builtin slots in the page's order, then custom kinds by name. */
function bySetupOrder(a: TemplateSetupRow, b: TemplateSetupRow): number {
	const ai = builtinOrder.get(a.document_kind) ?? Number.MAX_SAFE_INTEGER;
	const bi = builtinOrder.get(b.document_kind) ?? Number.MAX_SAFE_INTEGER;
	return ai - bi || a.document_kind.localeCompare(b.document_kind);
}

/** One slot of the template setup (docs/domain.md#s4); an unknown kind is NOT_FOUND. */
export async function getTemplateSetupSlot(db: Knex, kind: unknown): Promise<TemplateSetupSlot> {
	const documentKind = readDocumentKind(kind);
	const row = await db(TEMPLATE_SETUP_TABLE).where({ document_kind: documentKind }).first();
	if (!row) throw kindNotFound(documentKind);
	return toTemplateSetupSlot(row);
}

/** Every slot, builtin (docs/domain.md#s4) and custom, with its template code or null. */
export async function listTemplateSetup(db: Knex): Promise<TemplateSetupSlot[]> {
	const rows = await db(TEMPLATE_SETUP_TABLE).select('*');
	return [...rows].sort(bySetupOrder).map(toTemplateSetupSlot);
}

/**
 * Points a document kind at a template (docs/domain.md#s4). A kind not in the setup is added as a
 * custom kind (`isCustom: true`), so partners can record document kinds Business Central lacks
 * (docs/domain.md#s14). The template must exist.
 *
 * ### Examples
 * ```ts
 * await setTemplateSetupSlot(db, { kind: 'sales_invoice', templateCode: 'SINV' });
 * await setTemplateSetupSlot(db, { kind: 'Webinar Registration', templateCode: 'WEBINAR' });
 * // → slot webinar_registration, isCustom: true
 * ```
 */
export async function setTemplateSetupSlot(
	db: Knex,
	input: SetTemplateSetupSlotInput,
): Promise<TemplateSetupSlot> {
	const kind = readDocumentKind(input.kind);
	const lookalike = builtinLookalike(kind);
	if (lookalike) {
		throw validationError(
			'kind',
			input.kind,
			`Document kind "${kind}" looks like the builtin kind ${lookalike}`,
			`Use ${lookalike}; to add a separate custom kind, pick a name that differs by more than a plural.`,
		);
	}
	const templateCode = readTemplateCode(input.templateCode);
	const description =
		input.description === undefined
			? undefined
			: readText('description', input.description, LIMITS.description);
	try {
		const [row] = await db(TEMPLATE_SETUP_TABLE)
			.insert({
				document_kind: kind,
				template_code: templateCode,
				is_custom: !isBuiltinDocumentKind(kind),
				description: description ?? labelFor(kind),
			})
			.onConflict('document_kind')
			.merge({
				template_code: templateCode,
				...(description === undefined ? {} : { description }),
				updated_at: db.fn.now(),
			})
			.returning('*');
		return toTemplateSetupSlot(row);
	} catch (error) {
		if (isForeignKeyViolation(error, 'interaction_template_setup_template_fk')) {
			throw templateMissing(templateCode);
		}
		throw error;
	}
}

/** Blanks a slot: documents of that kind are no longer recorded (docs/domain.md#s7-2 step 1). */
export async function clearTemplateSetupSlot(db: Knex, kind: unknown): Promise<TemplateSetupSlot> {
	const documentKind = readDocumentKind(kind);
	const [row] = await db(TEMPLATE_SETUP_TABLE)
		.where({ document_kind: documentKind })
		.update({ template_code: null, updated_at: db.fn.now() })
		.returning('*');
	if (!row) throw kindNotFound(documentKind);
	return toTemplateSetupSlot(row);
}

/**
 * Removes a custom document kind. Builtin kinds (docs/domain.md#s4) stay and can only be cleared;
 * entries already recorded for the kind keep it.
 */
export async function deleteCustomDocumentKind(
	db: Knex,
	kind: unknown,
): Promise<{ kind: string; deleted: boolean }> {
	const documentKind = readDocumentKind(kind);
	if (isBuiltinDocumentKind(documentKind)) {
		throw new InteractionLogError(
			'CONFLICT',
			`Document kind ${documentKind} is builtin and cannot be removed`,
			{
				field: 'kind',
				value: documentKind,
				hint: 'Clear its template instead: a blank slot records nothing.',
			},
		);
	}
	// `returning` rather than the delete count: knex-pglite reports no count for a delete.
	const deleted = await db(TEMPLATE_SETUP_TABLE)
		.where({ document_kind: documentKind, is_custom: true })
		.delete()
		.returning('document_kind');
	if (deleted.length === 0) throw kindNotFound(documentKind);
	return { kind: documentKind, deleted: true };
}

/**
 * The template a document event of `kind` is recorded with (docs/domain.md#s7-2 step 1,
 * `FindInteractionTemplateCode`): null when the slot is blank, meaning "record nothing, silently".
 * An unknown kind is NOT_FOUND: a misspelt kind must not look like a blank slot.
 */
export async function resolveTemplateForDocumentKind(
	db: Knex,
	kind: unknown,
): Promise<{ kind: string; templateCode: string | null }> {
	const slot = await getTemplateSetupSlot(db, kind);
	return { kind: slot.kind, templateCode: slot.templateCode };
}
