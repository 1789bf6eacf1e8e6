import type { Knex } from 'knex';

import {
	InteractionLogError,
	LIMITS,
	readCode,
	readNonNegativeInteger,
	sqlArray,
	toIsoString,
	validationError,
} from '../core';
import { CONTACTS_TABLE, NUMBER_SERIES_TABLE, type NumberSeriesRow } from '../db';

/**
 * The numbers given to contacts created without one (Business Central's "Contact Nos."): a prefix
 * and a zero-padded counter of fixed width, e.g. CT000001.
 *
 * The counter is a row (`number_series`), not a PostgreSQL sequence: a writer locks the row
 * (`select … for update`), takes its numbers and keeps the lock until it commits. So numbers are
 * unique under concurrent writers, a rolled-back batch gives its numbers back (no gaps, as a
 * Business Central series without "Allow Gaps"), prefix, width and next number change together in
 * one row, and a number someone gave a contact by hand is skipped. The price: writers that create
 * contacts from the series wait for each other's commit. Writers that give numbers never touch it.
 */
export interface NumberSeries {
	readonly prefix: string;
	/** Digits of the counter, zero-padded. */
	readonly width: number;
	/** The last counter value taken; 0 before the first. */
	readonly lastNo: number;
	/** The number the next contact gets (unless it is taken by then). */
	readonly nextContactNo: string;
	readonly updatedAt: string;
}

const TABLE = NUMBER_SERIES_TABLE;
const CONTACT_SERIES = 'contact';
const DEFAULT_SERIES = { prefix: 'CT', width: 6 } as const;
// 10^15 - 1 is still an exact JavaScript number.
const MAX_WIDTH = 15;

const formatNo = (prefix: string, width: number, n: number) =>
	`${prefix}${String(n).padStart(width, '0')}`;

function toNumberSeries(row: NumberSeriesRow): NumberSeries {
	const lastNo = Number(row.last_no);
	return {
		prefix: row.prefix,
		width: row.width,
		lastNo,
		nextContactNo: formatNo(row.prefix, row.width, lastNo + 1),
		updatedAt: toIsoString(row.updated_at),
	};
}

async function ensureRow(db: Knex): Promise<void> {
	await db(TABLE)
		.insert({ code: CONTACT_SERIES, ...DEFAULT_SERIES })
		.onConflict('code')
		.ignore();
}

/** The contact number series (created with the default CT + 6 digits if it is missing). */
export async function getContactNumberSeries(db: Knex): Promise<NumberSeries> {
	let row = await db<NumberSeriesRow>(TABLE).where({ code: CONTACT_SERIES }).first();
	if (!row) {
		await ensureRow(db);
		row = await db<NumberSeriesRow>(TABLE).where({ code: CONTACT_SERIES }).first();
	}
	return toNumberSeries(row!);
}

export interface NumberSeriesInput {
	/** Letters, digits and signs before the counter, stored upper-cased; empty for none. */
	readonly prefix?: unknown;
	/** Digits of the counter, 1 to 15; prefix and digits together at most 20 characters. */
	readonly width?: unknown;
	/** The counter value the next contact gets, e.g. 1000 for CT001000. */
	readonly nextNo?: unknown;
}

function readPrefix(value: unknown, stored: string): string {
	if (value === undefined) return stored;
	if (value === null || value === '') return '';
	const prefix = readCode('prefix', value, LIMITS.contactNo - 1);
	if (!/^[A-Z0-9._\-/]*$/.test(prefix)) {
		throw validationError(
			'prefix',
			value,
			`prefix "${prefix}" may hold letters, digits and . _ - / only`,
			'Use e.g. CT or CUST-.',
		);
	}
	return prefix;
}

/**
 * Sets the contact number series: any of prefix, width and next number; what is left out stays.
 * The next number cannot be set so low that it would give out a number the counter already passed
 * unless that is meant: numbers taken by contacts are skipped anyway.
 */
export async function setContactNumberSeries(
	db: Knex,
	input: NumberSeriesInput,
): Promise<NumberSeries> {
	return await db.transaction(async (trx) => {
		await ensureRow(trx);
		const stored = await trx<NumberSeriesRow>(TABLE)
			.where({ code: CONTACT_SERIES })
			.forUpdate()
			.first();
		const prefix = readPrefix(input.prefix, stored!.prefix);
		const width =
			input.width === undefined || input.width === null || input.width === ''
				? stored!.width
				: readNonNegativeInteger('width', input.width);
		const maxWidth = Math.min(MAX_WIDTH, LIMITS.contactNo - prefix.length);
		if (width < 1 || width > maxWidth) {
			throw validationError(
				'width',
				input.width ?? width,
				`width must be between 1 and ${maxWidth} for prefix "${prefix}", got ${width}`,
				`Prefix and digits together hold at most ${LIMITS.contactNo} characters (a contact number).`,
			);
		}
		const nextNo =
			input.nextNo === undefined || input.nextNo === null || input.nextNo === ''
				? Number(stored!.last_no) + 1
				: readNonNegativeInteger('nextNo', input.nextNo);
		if (nextNo < 1 || nextNo >= 10 ** width) {
			throw validationError(
				'nextNo',
				input.nextNo ?? nextNo,
				`nextNo ${nextNo} does not fit ${width} digits`,
				`Give a number from 1 to ${10 ** width - 1}, or widen the series.`,
			);
		}
		const [row] = await trx<NumberSeriesRow>(TABLE)
			.where({ code: CONTACT_SERIES })
			.update({ prefix, width, last_no: nextNo - 1, updated_at: trx.fn.now() })
			.returning('*');
		return toNumberSeries(row);
	});
}

/**
 * Takes `count` new contact numbers from the series, in the caller's transaction: the series row
 * stays locked until it commits (a rollback gives the numbers back). Numbers contacts already hold
 * are skipped. CONFLICT when the series has run out of digits.
 */
/** Locks the contact series row until the caller's transaction ends, and returns it. */
export async function lockContactNumberSeries(trx: Knex.Transaction): Promise<NumberSeriesRow> {
	const row = await trx<NumberSeriesRow>(TABLE).where({ code: CONTACT_SERIES }).forUpdate().first();
	if (row) return row;
	await ensureRow(trx);
	return (await trx<NumberSeriesRow>(TABLE).where({ code: CONTACT_SERIES }).forUpdate().first())!;
}

export async function takeContactNumbers(trx: Knex.Transaction, count: number): Promise<string[]> {
	if (count === 0) return [];
	const row = await lockContactNumberSeries(trx);
	const { prefix, width } = row;
	const limit = 10 ** width - 1;
	const taken: string[] = [];
	let last = Number(row.last_no);
	while (taken.length < count) {
		const from = last + 1;
		const to = Math.min(limit, last + (count - taken.length) * 2 + 8);
		if (from > to) {
			throw new InteractionLogError(
				'CONFLICT',
				`The contact number series ${formatNo(prefix, width, 1)}… has run out of numbers`,
				{
					field: 'contactNo',
					hint: 'Widen the series or give it another prefix (Interaction Setup → Contact → Set Number Series), or give the contact a number.',
				},
			);
		}
		const candidates: string[] = [];
		for (let n = from; n <= to; n++) candidates.push(formatNo(prefix, width, n));
		const used = new Set<string>(
			await trx(CONTACTS_TABLE)
				.whereRaw('contact_no = any(?::text[])', [sqlArray(candidates)])
				.pluck('contact_no'),
		);
		for (let n = from; n <= to && taken.length < count; n++) {
			last = n;
			const no = formatNo(prefix, width, n);
			if (!used.has(no)) taken.push(no);
		}
	}
	await trx(TABLE)
		.where({ code: CONTACT_SERIES })
		.update({ last_no: last, updated_at: trx.fn.now() });
	return taken;
}
