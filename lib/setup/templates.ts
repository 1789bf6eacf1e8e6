import type { Knex } from 'knex';

import {
	isForeignKeyViolation,
	isUniqueViolation,
	TEMPLATE_SETUP_TABLE,
	TEMPLATES_TABLE,
	type TemplateRow,
	type TemplateWriteRow,
} from '../db';
import {
	CORRESPONDENCE_TYPES,
	INFORMATION_FLOWS,
	INITIATORS,
	LIMITS,
	type CorrespondenceType,
	type InformationFlow,
	type InitiatedBy,
	NUMERIC_LIMITS,
	containsPattern,
} from '../core';
import { InteractionLogError, notFoundError } from '../core';
import { readGroupCode } from './groups';
import {
	readBoolean,
	readCode,
	readNonNegativeNumber,
	readOptionalChoice,
	readOptionalCode,
	readText,
} from '../core';
import { toIsoString } from '../core';

/**
 * An interaction template (docs/domain.md#s3): the defaults copied into every entry logged with it.
 */
export interface InteractionTemplate {
	readonly code: string;
	readonly groupCode: string;
	readonly description: string;
	readonly unitCost: number;
	readonly unitDurationMin: number;
	readonly informationFlow: InformationFlow | null;
	readonly initiatedBy: InitiatedBy | null;
	readonly correspondenceType: CorrespondenceType | null;
	readonly ignoreContactCorresType: boolean;
	readonly campaignNo: string | null;
	readonly campaignTarget: boolean;
	readonly campaignResponse: boolean;
	readonly languageCode: string | null;
	readonly createdAt: string;
	readonly updatedAt: string;
}

/** Template fields as they come from a node; `code` always, the rest optional on update. */
export interface TemplateInput {
	readonly code: unknown;
	readonly groupCode?: unknown;
	readonly description?: unknown;
	readonly unitCost?: unknown;
	readonly unitDurationMin?: unknown;
	readonly informationFlow?: unknown;
	readonly initiatedBy?: unknown;
	readonly correspondenceType?: unknown;
	readonly ignoreContactCorresType?: unknown;
	readonly campaignNo?: unknown;
	readonly campaignTarget?: unknown;
	readonly campaignResponse?: unknown;
	readonly languageCode?: unknown;
}

export function toTemplate(row: TemplateRow): InteractionTemplate {
	return {
		code: row.code,
		groupCode: row.group_code,
		description: row.description,
		unitCost: Number(row.unit_cost),
		unitDurationMin: Number(row.unit_duration_min),
		informationFlow: row.information_flow,
		initiatedBy: row.initiated_by,
		correspondenceType: row.correspondence_type,
		ignoreContactCorresType: row.ignore_contact_corres_type,
		campaignNo: row.campaign_no,
		campaignTarget: row.campaign_target,
		campaignResponse: row.campaign_response,
		languageCode: row.language_code,
		createdAt: toIsoString(row.created_at),
		updatedAt: toIsoString(row.updated_at),
	};
}

export function readTemplateCode(value: unknown, field = 'templateCode'): string {
	return readCode(field, value, LIMITS.templateCode);
}

// Each writable column and how to read it from input; an update writes only the keys given.
const columnReaders: {
	readonly [K in keyof Omit<TemplateInput, 'code'>]-?: readonly [
		keyof TemplateWriteRow,
		(value: unknown) => unknown,
	];
} = {
	groupCode: ['group_code', (v) => readGroupCode(v)],
	description: ['description', (v) => readText('description', v, LIMITS.description)],
	unitCost: ['unit_cost', (v) => readNonNegativeNumber('unitCost', v, 0, NUMERIC_LIMITS.cost)],
	unitDurationMin: [
		'unit_duration_min',
		(v) => readNonNegativeNumber('unitDurationMin', v, 0, NUMERIC_LIMITS.durationMin),
	],
	informationFlow: [
		'information_flow',
		(v) => readOptionalChoice('informationFlow', v, INFORMATION_FLOWS),
	],
	initiatedBy: ['initiated_by', (v) => readOptionalChoice('initiatedBy', v, INITIATORS)],
	correspondenceType: [
		'correspondence_type',
		(v) => readOptionalChoice('correspondenceType', v, CORRESPONDENCE_TYPES),
	],
	ignoreContactCorresType: [
		'ignore_contact_corres_type',
		(v) => readBoolean('ignoreContactCorresType', v),
	],
	campaignNo: ['campaign_no', (v) => readOptionalCode('campaignNo', v, LIMITS.campaignNo)],
	campaignTarget: ['campaign_target', (v) => readBoolean('campaignTarget', v)],
	campaignResponse: ['campaign_response', (v) => readBoolean('campaignResponse', v)],
	languageCode: ['language_code', (v) => readOptionalCode('languageCode', v, LIMITS.languageCode)],
};

/** Reads the given fields into columns; with `complete`, absent fields get their defaults. */
function toTemplateRow(input: TemplateInput, complete: true): TemplateWriteRow;
function toTemplateRow(input: TemplateInput, complete: false): Partial<TemplateWriteRow>;
function toTemplateRow(input: TemplateInput, complete: boolean): Partial<TemplateWriteRow> {
	const row: Record<string, unknown> = { code: readTemplateCode(input.code, 'code') };
	for (const [field, [column, read]] of Object.entries(columnReaders)) {
		const value = input[field as keyof TemplateInput];
		if (value !== undefined || complete) row[column] = read(value);
	}
	return row as TemplateWriteRow;
}

function templateNotFound(code: string) {
	return notFoundError(
		'templateCode',
		code,
		`Interaction template ${code} does not exist`,
		'Create the template first, or pick an existing one.',
	);
}

function groupMissing(row: Partial<TemplateWriteRow>) {
	return notFoundError(
		'groupCode',
		row.group_code,
		`Interaction group ${row.group_code} does not exist`,
		'Create the group first (Interaction Setup → Group → Create), or pick an existing one.',
	);
}

function translateWriteError(error: unknown, row: Partial<TemplateWriteRow>): unknown {
	if (isForeignKeyViolation(error, 'interaction_templates_group_fk')) return groupMissing(row);
	if (isUniqueViolation(error)) {
		return new InteractionLogError('CONFLICT', `Interaction template ${row.code} already exists`, {
			field: 'code',
			value: row.code,
			hint: 'Use another code, or the Update or Upsert operation.',
		});
	}
	return error;
}

/** Creates a template in an existing group; its code must be new. */
export async function createTemplate(db: Knex, input: TemplateInput): Promise<InteractionTemplate> {
	const row = toTemplateRow({ ...input, groupCode: input.groupCode ?? '' }, true);
	try {
		const [created] = await db(TEMPLATES_TABLE).insert(row).returning('*');
		return toTemplate(created);
	} catch (error) {
		throw translateWriteError(error, row);
	}
}

/** Changes the given fields of a template; entries already logged keep their copies. */
export async function updateTemplate(db: Knex, input: TemplateInput): Promise<InteractionTemplate> {
	const { code, ...changes } = toTemplateRow(input, false);
	try {
		const [updated] = await db(TEMPLATES_TABLE)
			.where({ code })
			.update({ ...changes, updated_at: db.fn.now() })
			.returning('*');
		if (!updated) throw templateNotFound(code!);
		return toTemplate(updated);
	} catch (error) {
		throw translateWriteError(error, { code, ...changes });
	}
}

/** Creates the template, or replaces every field of the one with that code. */
export async function upsertTemplate(db: Knex, input: TemplateInput): Promise<InteractionTemplate> {
	const row = toTemplateRow({ ...input, groupCode: input.groupCode ?? '' }, true);
	try {
		const [saved] = await db(TEMPLATES_TABLE)
			.insert(row)
			.onConflict('code')
			.merge({ ...row, updated_at: db.fn.now() })
			.returning('*');
		return toTemplate(saved);
	} catch (error) {
		throw translateWriteError(error, row);
	}
}

export async function getTemplate(db: Knex, code: unknown): Promise<InteractionTemplate> {
	const templateCode = readTemplateCode(code);
	const row = await db(TEMPLATES_TABLE).where({ code: templateCode }).first();
	if (!row) throw templateNotFound(templateCode);
	return toTemplate(row);
}

export interface ListTemplatesOptions {
	readonly groupCode?: string;
	/** Matches code or description, case-insensitively. */
	readonly search?: string;
	readonly limit?: number;
}

export async function listTemplates(
	db: Knex,
	options: ListTemplatesOptions = {},
): Promise<InteractionTemplate[]> {
	const query = db(TEMPLATES_TABLE).orderBy('code');
	if (options.groupCode) query.where({ group_code: readGroupCode(options.groupCode) });
	if (options.search) {
		const pattern = containsPattern(options.search);
		query.where((where) => where.whereILike('code', pattern).orWhereILike('description', pattern));
	}
	if (options.limit !== undefined) query.limit(options.limit);
	return (await query).map(toTemplate);
}

/**
 * Deletes a template. Entries logged with it keep their copies (docs/domain.md#s3); a template the
 * template setup still uses is refused, naming the slot, since document events would then fail.
 */
export async function deleteTemplate(
	db: Knex,
	code: unknown,
): Promise<{ code: string; deleted: boolean }> {
	const templateCode = readTemplateCode(code, 'code');
	return await db.transaction(async (trx) => {
		const slots = await trx(TEMPLATE_SETUP_TABLE)
			.where({ template_code: templateCode })
			.orderBy('document_kind')
			.pluck('document_kind');
		if (slots.length > 0) {
			throw new InteractionLogError(
				'CONFLICT',
				`Interaction template ${templateCode} is used by the template setup for ${slots.join(', ')}`,
				{
					field: 'code',
					value: templateCode,
					hint: `Clear or change the template setup for ${slots.join(', ')} first.`,
				},
			);
		}
		const deleted = await trx(TEMPLATES_TABLE).where({ code: templateCode }).delete();
		if (!deleted) throw templateNotFound(templateCode);
		return { code: templateCode, deleted: true };
	});
}
