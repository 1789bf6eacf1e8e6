import { createHash, randomBytes } from 'node:crypto';

import type { Knex } from 'knex';

import { InteractionLogError, sqlArray } from '../core';
import { ERASED_KEYS_TABLE } from '../db';

/**
 * An erased contact keeps its entries' figures under a pseudonym: `ERASED-` and 12 random hex
 * digits, drawn afresh for each erasure, so nothing leads from the pseudonym back to the number.
 * Numbers starting with `ERASED-` are reserved; such a contact stays privacy-blocked (a check
 * constraint).
 */
export const ERASED_PREFIX = 'ERASED-';

const PSEUDONYM = /^ERASED-[0-9A-F]{12}$/;

export function newPseudonym(): string {
	return `${ERASED_PREFIX}${randomBytes(6).toString('hex').toUpperCase()}`;
}

export function isPseudonym(contactNo: string): boolean {
	return PSEUDONYM.test(contactNo);
}

/**
 * What `erased_contact_keys` stores for an erased number: its SHA-256, enough to recognise the
 * number when a workflow logs for it again, and not linked to the pseudonym.
 */
export function erasedKeyHash(contactNo: string): string {
	return createHash('sha256').update(`contact:${contactNo}`).digest('hex');
}

/** Which of `contactNos` belonged to contacts that were erased. One statement. */
export async function findErasedContactNos(
	db: Knex | Knex.Transaction,
	contactNos: readonly string[],
): Promise<Set<string>> {
	if (contactNos.length === 0) return new Set();
	const byHash = new Map(contactNos.map((no) => [erasedKeyHash(no), no]));
	const found: string[] = await db(ERASED_KEYS_TABLE)
		.whereRaw('key_hash = any(?::text[])', [sqlArray([...byHash.keys()])])
		.pluck('key_hash');
	return new Set(found.map((hash) => byHash.get(hash)!));
}

/** BLOCKED: nothing may be logged for an erased contact, under its old number or its pseudonym. */
export function contactErasedError(contactNo: string, field = 'contactNo') {
	return new InteractionLogError(
		'BLOCKED',
		`Contact ${contactNo} was erased on request: its personal data is gone and no interactions can be logged for it`,
		{
			field,
			value: contactNo,
			hint: 'An erasure cannot be undone. If the person comes back, create a new contact with a new number.',
		},
	);
}
