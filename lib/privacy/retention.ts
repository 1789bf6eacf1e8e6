import type { Knex } from 'knex';
import { DateTime } from 'luxon';

import {
	notFoundError,
	readBoolean,
	readOptionalChoice,
	readNonNegativeInteger,
	readText,
	toIsoString,
	validationError,
} from '../core';
import {
	GROUPS_TABLE,
	RETENTION_POLICIES_TABLE,
	TEMPLATES_TABLE,
	type RetentionPolicyRow,
} from '../db';
import { purgeCanceled, type PurgeFilters, type PurgeResult } from '../purge';
import { readGroupCode, readTemplateCode } from '../setup';

/**
 * Retention policies (storage limitation): the entries of a template, or of a group, are kept
 * `keepMonths` after they occurred. Scope `canceled` deletes only canceled entries; `all` deletes
 * every entry, active ones too, and so lowers the statistics of those months. A template's
 * policy wins over its group's: each entry falls under one policy at most, so a dry run counts
 * exactly what the run deletes.
 */
export const RETENTION_TARGETS = ['template', 'group'] as const;
export type RetentionTarget = (typeof RETENTION_TARGETS)[number];
export const RETENTION_SCOPES = ['canceled', 'all'] as const;
export type RetentionScope = (typeof RETENTION_SCOPES)[number];

export interface RetentionPolicy {
	readonly appliesTo: RetentionTarget;
	readonly code: string;
	readonly keepMonths: number;
	readonly scope: RetentionScope;
	readonly description: string;
	readonly createdAt: string;
	readonly updatedAt: string;
}

export interface RetentionPolicyKey {
	/** `template` or `group`. */
	readonly appliesTo: unknown;
	/** The template or group code. */
	readonly code: unknown;
}

export interface RetentionPolicyInput extends RetentionPolicyKey {
	/** 1 to 1200. */
	readonly keepMonths: unknown;
	/** `canceled` (default) or `all`. */
	readonly scope?: unknown;
	readonly description?: unknown;
}

const TABLE = RETENTION_POLICIES_TABLE;
const MAX_MONTHS = 1200;

function toPolicy(row: RetentionPolicyRow): RetentionPolicy {
	return {
		appliesTo: row.template_code === null ? 'group' : 'template',
		code: (row.template_code ?? row.group_code)!,
		keepMonths: Number(row.keep_months),
		scope: row.scope,
		description: row.description,
		createdAt: toIsoString(row.created_at),
		updatedAt: toIsoString(row.updated_at),
	};
}

function readRequiredChoice<T extends string>(
	field: string,
	value: unknown,
	choices: readonly T[],
): T {
	const choice = readOptionalChoice(field, value, choices);
	if (choice === null) {
		throw validationError(field, value, `${field} is required`, `Give ${choices.join(' or ')}.`);
	}
	return choice;
}

function readKey(input: RetentionPolicyKey) {
	const appliesTo = readRequiredChoice('appliesTo', input.appliesTo, RETENTION_TARGETS);
	const code =
		appliesTo === 'template'
			? readTemplateCode(input.code, 'code')
			: readGroupCode(input.code, 'code');
	const column = appliesTo === 'template' ? 'template_code' : 'group_code';
	return { appliesTo, code, column } as const;
}

function readKeepMonths(value: unknown): number {
	const months = readNonNegativeInteger('keepMonths', value, 0);
	if (months < 1 || months > MAX_MONTHS) {
		throw validationError(
			'keepMonths',
			value,
			`keepMonths must be between 1 and ${MAX_MONTHS}, got ${months}`,
			'Give the number of months entries are kept after they occurred, e.g. 24.',
		);
	}
	return months;
}

/** Creates or replaces the policy of a template or group. */
export async function setRetentionPolicy(
	db: Knex,
	input: RetentionPolicyInput,
): Promise<RetentionPolicy> {
	const { appliesTo, code, column } = readKey(input);
	const keepMonths = readKeepMonths(input.keepMonths);
	const scope =
		input.scope === undefined || input.scope === null || input.scope === ''
			? 'canceled'
			: readRequiredChoice('scope', input.scope, RETENTION_SCOPES);
	const description = readText('description', input.description, 100);
	const target = appliesTo === 'template' ? TEMPLATES_TABLE : GROUPS_TABLE;
	return await db.transaction(async (trx) => {
		if (!(await trx(target).where({ code }).first())) {
			throw notFoundError(
				'code',
				code,
				`${appliesTo === 'template' ? 'Template' : 'Group'} ${code} does not exist`,
				`Pick an existing ${appliesTo}, or create it first (Interaction Setup).`,
			);
		}
		const [row]: RetentionPolicyRow[] = await trx(TABLE)
			.insert({ [column]: code, keep_months: keepMonths, scope, description })
			.onConflict(column)
			.merge({ keep_months: keepMonths, scope, description, updated_at: trx.fn.now() })
			.returning('*');
		return toPolicy(row);
	});
}

/** Every policy, templates first, by code. */
export async function listRetentionPolicies(db: Knex): Promise<RetentionPolicy[]> {
	const rows: RetentionPolicyRow[] = await db(TABLE).orderByRaw(
		'template_code is null, template_code, group_code',
	);
	return rows.map(toPolicy);
}

export async function deleteRetentionPolicy(db: Knex, input: RetentionPolicyKey) {
	const { appliesTo, code, column } = readKey(input);
	const deleted = (await db(TABLE).where(column, code).delete()) > 0;
	return { appliesTo, code, deleted };
}

export interface ApplyRetentionInput {
	readonly dryRun?: unknown;
	readonly batchSize?: unknown;
	/** Per policy. */
	readonly maxRows?: unknown;
	readonly actor?: unknown;
	readonly reason?: unknown;
	/** "Now", from which the months are counted back; the current time when absent. */
	readonly now?: DateTime;
}

export type RetentionRunResult = PurgeResult & {
	readonly appliesTo: RetentionTarget;
	readonly code: string;
	readonly keepMonths: number;
	readonly scope: RetentionScope;
	/** Entries that occurred before this instant fall under the policy. */
	readonly occurredBefore: string;
};

export interface ApplyRetentionResult {
	readonly dryRun: boolean;
	readonly policies: readonly RetentionRunResult[];
	/** Deleted (or, in a dry run, would be deleted) over all policies. */
	readonly total: number;
}

/**
 * Applies every retention policy with the purge (`purgeCanceled`): the same batching, cap, dry
 * run and audit record, one purge run and one 'purged' event per policy, the policy in its
 * filters and reason. A group's policy leaves out its templates that have one of their own.
 */
export async function applyRetentionPolicies(
	db: Knex,
	input: ApplyRetentionInput = {},
): Promise<ApplyRetentionResult> {
	const dryRun = readBoolean('dryRun', input.dryRun);
	const now = (input.now ?? DateTime.now()).toUTC();
	const policies = await listRetentionPolicies(db);
	const ownPolicy = policies.filter((p) => p.appliesTo === 'template').map((p) => p.code);
	const results: RetentionRunResult[] = [];
	for (const policy of policies) {
		const occurredBefore = now.minus({ months: policy.keepMonths }).toISO()!;
		const scope: Pick<PurgeFilters, 'includeActive' | 'excludeTemplateCodes'> = {
			...(policy.scope === 'all' ? { includeActive: true } : {}),
			...(policy.appliesTo === 'group' && ownPolicy.length > 0
				? { excludeTemplateCodes: ownPolicy }
				: {}),
		};
		const name = `${policy.appliesTo} ${policy.code}`;
		const result = await purgeCanceled(db, {
			filters: {
				[policy.appliesTo === 'template' ? 'templateCode' : 'groupCode']: policy.code,
				occurredBefore,
			},
			policy: scope,
			dryRun,
			batchSize: input.batchSize,
			maxRows: input.maxRows,
			actor: input.actor,
			reason:
				input.reason ||
				`retention policy of ${name}: keep ${policy.keepMonths} months (${policy.scope === 'all' ? 'all entries' : 'canceled entries'})`,
		});
		results.push({
			...result,
			appliesTo: policy.appliesTo,
			code: policy.code,
			keepMonths: policy.keepMonths,
			scope: policy.scope,
			occurredBefore: new Date(occurredBefore).toISOString(),
		});
	}
	const total = results.reduce((sum, r) => sum + (r.dryRun ? r.wouldDelete : r.deleted), 0);
	return { dryRun, policies: results, total };
}
