import type { Knex } from 'knex';

import { inChunks, sqlArray } from '../core';
import { validationError } from '../core';
import { readText } from '../core';
import { SNAKE_CASE_NAME, toSnakeCaseName } from '../core';
import { BUSINESS_RELATIONS_TABLE, type BusinessRelationRow } from '../db';

/**
 * A number another system uses for a contact (docs/domain.md#s7-2: Contact Business Relation): the
 * relation (`customer`, `vendor`, or a custom snake_case name) and the number there.
 */
export interface BusinessRelation {
	readonly relation: string;
	/** Stored trimmed, case kept: other systems' numbers (e.g. `cus_9s6XKzkNRiz8i3`) are case-sensitive. */
	readonly externalNo: string;
}

/** The relations of Business Central's Contact Business Relation; others may be added freely. */
export const BUILTIN_RELATIONS = ['customer', 'vendor'] as const;

const RELATION_MAX = 20;
/** Another system's id, kept exactly: UUIDs (36), Stripe and Shopify ids fit with room to spare. */
export const EXTERNAL_NO_MAX = 250;

/** Reads a relation name: `Customer` → `customer`, `Bank Account` → `bank_account`. */
export function readRelationName(value: unknown, field = 'relation'): string {
	const hint =
		'Use customer, vendor, or a name of letters, digits and underscores starting with a letter.';
	const text = readText(field, value, RELATION_MAX * 2);
	const relation = toSnakeCaseName(text);
	if (relation === '' || !SNAKE_CASE_NAME.test(relation)) {
		throw validationError(
			field,
			value,
			text === '' ? `${field} is required` : `${field} "${text}" is not a valid relation name`,
			hint,
		);
	}
	if (relation.length > RELATION_MAX) {
		throw validationError(
			field,
			value,
			`${field} "${relation}" is longer than ${RELATION_MAX} characters`,
			hint,
		);
	}
	return relation;
}

export function readExternalNo(value: unknown, field = 'externalNo'): string {
	const externalNo = readText(field, value, EXTERNAL_NO_MAX);
	if (externalNo === '') {
		throw validationError(
			field,
			value,
			`${field} is required`,
			"Give the contact's number in the other system, e.g. the customer number.",
		);
	}
	return externalNo;
}

/**
 * Reads a contact's list of relations; undefined stays undefined ("keep the stored ones").
 * A relation given twice is kept once.
 */
export function readBusinessRelations(
	value: unknown,
	field = 'businessRelations',
): BusinessRelation[] | undefined {
	if (value === undefined) return undefined;
	if (value === null || value === '') return [];
	if (!Array.isArray(value)) {
		throw validationError(
			field,
			value,
			`${field} must be a list of { relation, externalNo }`,
			'Give e.g. [{ "relation": "customer", "externalNo": "C10000" }], or an empty list.',
		);
	}
	const seen = new Set<string>();
	const relations: BusinessRelation[] = [];
	value.forEach((item: unknown, i) => {
		if (typeof item !== 'object' || item === null || Array.isArray(item)) {
			throw validationError(
				`${field}[${i}]`,
				item,
				`${field}[${i}] must be an object with relation and externalNo`,
			);
		}
		const entry = item as { relation?: unknown; externalNo?: unknown };
		const relation = readRelationName(entry.relation, `${field}[${i}].relation`);
		const externalNo = readExternalNo(entry.externalNo, `${field}[${i}].externalNo`);
		const key = `${relation}\u0000${externalNo}`;
		if (seen.has(key)) return;
		seen.add(key);
		relations.push({ relation, externalNo });
	});
	return relations;
}

/** The relations of the given contacts, by contact number, sorted. One statement. */
export async function loadBusinessRelations(
	db: Knex,
	contactNos: readonly string[],
): Promise<Map<string, BusinessRelation[]>> {
	const byContact = new Map<string, BusinessRelation[]>(contactNos.map((no) => [no, []]));
	if (contactNos.length === 0) return byContact;
	const rows = await db(BUSINESS_RELATIONS_TABLE)
		.whereRaw('contact_no = any(?::text[])', [sqlArray(contactNos)])
		.orderBy(['contact_no', 'relation', 'external_no']);
	for (const row of rows) {
		byContact.get(row.contact_no)?.push({ relation: row.relation, externalNo: row.external_no });
	}
	return byContact;
}

/** Which contacts hold the given relations now. One statement. */
export async function findRelationHolders(
	db: Knex,
	relations: readonly BusinessRelation[],
): Promise<BusinessRelationRow[]> {
	if (relations.length === 0) return [];
	const { rows } = await db.raw<{ rows: BusinessRelationRow[] }>(
		`select r.relation, r.external_no, r.contact_no
		from ?? r
		join unnest(?::text[], ?::text[]) as wanted(relation, external_no)
			on wanted.relation = r.relation and wanted.external_no = r.external_no`,
		[
			BUSINESS_RELATIONS_TABLE,
			sqlArray(relations.map((r) => r.relation)),
			sqlArray(relations.map((r) => r.externalNo)),
		],
	);
	return rows;
}

/**
 * Replaces the relations of `contactNos` with `relations`, set-based: one delete and one
 * `insert … select from unnest` per `ROWS_PER_STATEMENT` rows. Must run in the caller's transaction.
 */
export async function replaceBusinessRelations(
	trx: Knex.Transaction,
	contactNos: readonly string[],
	relations: readonly BusinessRelationRow[],
): Promise<void> {
	for (const part of inChunks(contactNos)) {
		await trx(BUSINESS_RELATIONS_TABLE)
			.whereRaw('contact_no = any(?::text[])', [sqlArray(part)])
			.delete();
	}
	for (const part of inChunks(relations)) {
		await trx.raw(
			`insert into ?? (relation, external_no, contact_no)
			select * from unnest(?::text[], ?::text[], ?::text[])`,
			[
				BUSINESS_RELATIONS_TABLE,
				sqlArray(part.map((r) => r.relation)),
				sqlArray(part.map((r) => r.external_no)),
				sqlArray(part.map((r) => r.contact_no)),
			],
		);
	}
}
