import type { Knex } from 'knex';

import { GROUPS_TABLE, isForeignKeyViolation, isUniqueViolation, type GroupRow } from '../db';
import { LIMITS, containsPattern } from '../core';
import { InteractionLogError, notFoundError } from '../core';
import { readCode, readText } from '../core';
import { toIsoString } from '../core';

/** An interaction group (docs/domain.md#s2): a category of templates, used for statistics. */
export interface InteractionGroup {
	readonly code: string;
	readonly description: string;
	readonly createdAt: string;
	readonly updatedAt: string;
}

export interface GroupInput {
	readonly code: unknown;
	readonly description?: unknown;
}

function toGroup(row: GroupRow): InteractionGroup {
	return {
		code: row.code,
		description: row.description,
		createdAt: toIsoString(row.created_at),
		updatedAt: toIsoString(row.updated_at),
	};
}

export function readGroupCode(value: unknown, field = 'groupCode'): string {
	return readCode(field, value, LIMITS.groupCode);
}

function toGroupRow(input: GroupInput) {
	return {
		code: readGroupCode(input.code, 'code'),
		description: readText('description', input.description, LIMITS.description),
	};
}

function alreadyExists(code: string) {
	return new InteractionLogError('CONFLICT', `Interaction group ${code} already exists`, {
		field: 'code',
		value: code,
		hint: 'Use another code, or the Update or Upsert operation.',
	});
}

function groupNotFound(code: string) {
	return notFoundError(
		'groupCode',
		code,
		`Interaction group ${code} does not exist`,
		'Create the group first, or pick an existing one.',
	);
}

/** Creates a group; its code must be new. */
export async function createGroup(db: Knex, input: GroupInput): Promise<InteractionGroup> {
	const row = toGroupRow(input);
	try {
		const [created] = await db(GROUPS_TABLE).insert(row).returning('*');
		return toGroup(created);
	} catch (error) {
		if (isUniqueViolation(error)) throw alreadyExists(row.code);
		throw error;
	}
}

/** Creates the group, or updates the description of the one with that code. */
export async function upsertGroup(db: Knex, input: GroupInput): Promise<InteractionGroup> {
	const row = toGroupRow(input);
	const [saved] = await db(GROUPS_TABLE)
		.insert(row)
		.onConflict('code')
		.merge({ description: row.description, updated_at: db.fn.now() })
		.returning('*');
	return toGroup(saved);
}

/** Updates the description of an existing group. */
export async function updateGroup(db: Knex, input: GroupInput): Promise<InteractionGroup> {
	const row = toGroupRow(input);
	const [updated] = await db(GROUPS_TABLE)
		.where({ code: row.code })
		.update({ description: row.description, updated_at: db.fn.now() })
		.returning('*');
	if (!updated) throw groupNotFound(row.code);
	return toGroup(updated);
}

export async function getGroup(db: Knex, code: unknown): Promise<InteractionGroup> {
	const groupCode = readGroupCode(code, 'code');
	const row = await db(GROUPS_TABLE).where({ code: groupCode }).first();
	if (!row) throw groupNotFound(groupCode);
	return toGroup(row);
}

export interface ListGroupsOptions {
	/** Matches code or description, case-insensitively. */
	readonly search?: string;
	readonly limit?: number;
}

export async function listGroups(
	db: Knex,
	options: ListGroupsOptions = {},
): Promise<InteractionGroup[]> {
	const query = db(GROUPS_TABLE).orderBy('code');
	if (options.search) {
		const pattern = containsPattern(options.search);
		query.where((where) => where.whereILike('code', pattern).orWhereILike('description', pattern));
	}
	if (options.limit !== undefined) query.limit(options.limit);
	return (await query).map(toGroup);
}

/**
 * Deletes a group. Entries keep their copied group code (docs/domain.md#s2); a group that templates
 * still belong to is refused, since every template needs its group.
 */
export async function deleteGroup(
	db: Knex,
	code: unknown,
): Promise<{ code: string; deleted: boolean }> {
	const groupCode = readGroupCode(code, 'code');
	try {
		const deleted = await db(GROUPS_TABLE).where({ code: groupCode }).delete();
		if (!deleted) throw groupNotFound(groupCode);
		return { code: groupCode, deleted: true };
	} catch (error) {
		if (isForeignKeyViolation(error)) {
			throw new InteractionLogError(
				'CONFLICT',
				`Interaction group ${groupCode} still has templates`,
				{
					field: 'code',
					value: groupCode,
					hint: 'Move its templates to another group, or delete them, first.',
				},
			);
		}
		throw error;
	}
}
