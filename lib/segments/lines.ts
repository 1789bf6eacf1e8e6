import type { Knex } from 'knex';

import { readPageLimit, NUMERIC_LIMITS, sqlArray } from '../core';
import { readContactNo } from '../contacts';
import { LIMITS, type CorrespondenceType, type Evaluation } from '../core';
import { notFoundError, validationError } from '../core';
import { readBoolean, readNonNegativeInteger, readOptionalCode } from '../core';
import { readSegmentNo } from './input';
import { lockSegment, segmentNotFound } from './segments';
import { toIsoString } from '../core';
import { CONTACTS_TABLE, SEGMENT_LINES_TABLE, SEGMENTS_TABLE, type SegmentLineRow } from '../db';

/**
 * A line of a segment (docs/domain.md#s6-2): one contact, with values of its own or null to
 * inherit.
 */
export interface SegmentLine {
	readonly segmentNo: string;
	readonly lineNo: number;
	readonly contactNo: string;
	readonly contactName: string;
	readonly templateCode: string | null;
	readonly description: string | null;
	readonly subject: string | null;
	readonly salespersonCode: string | null;
	readonly correspondenceType: CorrespondenceType | null;
	readonly cost: number | null;
	readonly durationMin: number | null;
	readonly evaluation: Evaluation | null;
	readonly attemptFailed: boolean;
	readonly createdAt: string;
}

export function toSegmentLine(row: SegmentLineRow & { contact_name?: string }): SegmentLine {
	return {
		segmentNo: row.segment_no,
		lineNo: Number(row.line_no),
		contactNo: row.contact_no,
		contactName: row.contact_name ?? '',
		templateCode: row.template_code,
		description: row.description,
		subject: row.subject,
		salespersonCode: row.salesperson_code,
		correspondenceType: row.correspondence_type,
		cost: row.cost === null ? null : Number(row.cost),
		durationMin: row.duration_min === null ? null : Number(row.duration_min),
		evaluation: row.evaluation,
		attemptFailed: row.attempt_failed,
		createdAt: toIsoString(row.created_at),
	};
}

/** A list of contact numbers: an array, or text separated by commas, semicolons or spaces. */
function readContactNos(value: unknown, field = 'contactNos'): string[] {
	if (value === undefined || value === null || value === '') return [];
	const items = typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value;
	if (!Array.isArray(items)) {
		throw validationError(
			field,
			value,
			`${field} must be a list of contact numbers`,
			'Give e.g. ["CT100", "CT200"] or "CT100, CT200".',
		);
	}
	return [...new Set(items.map((item: unknown, i) => readContactNo(item, `${field}[${i}]`)))];
}

function describeList(items: readonly string[]): string {
	return items.length > 5 ? `${items.slice(0, 5).join(', ')}, …` : items.join(', ');
}

async function checkContacts(
	trx: Knex.Transaction,
	contactNos: string[],
	companyNo: string | null,
) {
	const { rows: missing } = await trx.raw<{ rows: { contact_no: string }[] }>(
		`select w.contact_no from unnest(?::text[]) with ordinality as w(contact_no, ord)
		where not exists (select 1 from contacts c where c.contact_no = w.contact_no)
		order by w.ord limit 6`,
		[sqlArray(contactNos)],
	);
	if (missing.length > 0) {
		const nos = missing.map((m) => m.contact_no);
		throw notFoundError(
			'contactNos',
			nos,
			`Contact${nos.length === 1 ? '' : 's'} ${describeList(nos)} ${nos.length === 1 ? 'does' : 'do'} not exist`,
			'Create the contacts first (Interaction Setup → Contact → Upsert), or remove them from the list.',
		);
	}
	if (companyNo === null) return;
	const company = await trx(CONTACTS_TABLE).where({ contact_no: companyNo }).first('type');
	if (!company) {
		throw notFoundError(
			'companyNo',
			companyNo,
			`Company contact ${companyNo} does not exist`,
			'Pick an existing company contact.',
		);
	}
	if (company.type !== 'company') {
		throw validationError(
			'companyNo',
			companyNo,
			`Contact ${companyNo} is a person, not a company`,
			'Give a company to add its persons, or put the person in contactNos.',
		);
	}
}

// Contacts named in the list come first, in list order, then the company (when asked for) and its
// persons by number; contacts already in the segment are skipped; line numbers continue after
// the segment's highest. The segment row is locked, so concurrent calls number one after the other.
const ADD_LINES = `
	with wanted as (
		select contact_no, min(ord) as ord from (
			select contact_no, ord from unnest(:contactNos::text[]) with ordinality as w(contact_no, ord)
			union all
			select c.contact_no, :offset + row_number() over (order by c.contact_no <> c.company_no, c.contact_no)
			from contacts c
			where c.company_no = :companyNo and (:includeCompany or c.contact_no <> c.company_no)
		) candidates group by contact_no
	), added as (
		insert into segment_lines (segment_no, line_no, contact_no)
		select :segmentNo,
			(select coalesce(max(line_no), 0) from segment_lines where segment_no = :segmentNo)
				+ row_number() over (order by w.ord),
			w.contact_no
		from wanted w
		where not exists (
			select 1 from segment_lines l where l.segment_no = :segmentNo and l.contact_no = w.contact_no
		)
		returning 1
	)
	select (select count(*) from wanted) as wanted, (select count(*) from added) as added`;

/**
 * Adds contacts to a segment (docs/domain.md#s6-2), set-based in one `insert … select`: the given
 * contact numbers, and with `companyNo` all persons of that company (the company itself too when
 * `includeCompany` is true). Contacts already in the segment are skipped, and every named contact
 * must exist, or nothing is added.
 *
 * ### Examples
 * ```ts
 * await addSegmentContacts(db, { segmentNo: 'SEG01', companyNo: 'CT100', includeCompany: true });
 * // → { segmentNo: 'SEG01', added: 3, skipped: 0 }
 * ```
 */
export async function addSegmentContacts(
	db: Knex,
	input: {
		readonly segmentNo: unknown;
		readonly contactNos?: unknown;
		readonly companyNo?: unknown;
		readonly includeCompany?: unknown;
	},
): Promise<{ segmentNo: string; added: number; skipped: number }> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const contactNos = readContactNos(input.contactNos);
	const companyNo = readOptionalCode('companyNo', input.companyNo, LIMITS.contactNo);
	const includeCompany = readBoolean('includeCompany', input.includeCompany);
	if (contactNos.length === 0 && companyNo === null) {
		throw validationError(
			'contactNos',
			input.contactNos,
			'Give contactNos, a companyNo, or both',
			'Name the contacts to add, or a company whose persons to add.',
		);
	}
	return await db.transaction(async (trx) => {
		await lockSegment(trx, segmentNo);
		await checkContacts(trx, contactNos, companyNo);
		const { rows } = await trx.raw<{ rows: { wanted: number; added: number }[] }>(ADD_LINES, {
			contactNos: sqlArray(contactNos),
			offset: contactNos.length,
			companyNo,
			includeCompany,
			segmentNo,
		});
		const added = Number(rows[0].added);
		return { segmentNo, added, skipped: Number(rows[0].wanted) - added };
	});
}

function readLineNos(value: unknown, field = 'lineNos'): number[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value))
		throw validationError(field, value, `${field} must be a list of line numbers`);
	return value.map((v: unknown, i) =>
		readNonNegativeInteger(`${field}[${i}]`, v, 0, NUMERIC_LIMITS.integer),
	);
}

/**
 * Removes lines from a segment, set-based: by contact number and/or line number, or every line
 * with `all: true`. Contacts not in the segment are ignored. Returns the number removed.
 */
export async function removeSegmentContacts(
	db: Knex,
	input: {
		readonly segmentNo: unknown;
		readonly contactNos?: unknown;
		readonly lineNos?: unknown;
		readonly all?: unknown;
	},
): Promise<{ segmentNo: string; removed: number }> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const contactNos = readContactNos(input.contactNos);
	const lineNos = readLineNos(input.lineNos);
	const all = readBoolean('all', input.all);
	if (!all && contactNos.length === 0 && lineNos.length === 0) {
		throw validationError(
			'contactNos',
			input.contactNos,
			'Give contactNos, lineNos, or all: true',
			'Name the contacts or lines to remove.',
		);
	}
	const exists = await db(SEGMENTS_TABLE).where({ segment_no: segmentNo }).first('segment_no');
	if (!exists) throw segmentNotFound(segmentNo);
	const query = db(SEGMENT_LINES_TABLE).where({ segment_no: segmentNo });
	if (!all) {
		query.where((w) => {
			if (contactNos.length > 0)
				w.orWhereRaw('contact_no = any(?::text[])', [sqlArray(contactNos)]);
			if (lineNos.length > 0) w.orWhereRaw('line_no = any(?::int[])', [sqlArray(lineNos)]);
		});
	}
	// `returning` rather than the delete count: knex-pglite reports no count for a delete.
	const removed = await query.delete().returning('line_no');
	return { segmentNo, removed: removed.length };
}

/** A segment's lines by line number, a page at a time, with each contact's name. */
export async function listSegmentLines(
	db: Knex,
	segmentNo: unknown,
	options: { readonly limit?: unknown; readonly afterLineNo?: unknown } = {},
): Promise<SegmentLine[]> {
	const no = readSegmentNo(segmentNo);
	const limit = readPageLimit(options.limit, 'afterLineNo');
	const after =
		options.afterLineNo === undefined
			? undefined
			: readNonNegativeInteger('afterLineNo', options.afterLineNo, 0, NUMERIC_LIMITS.integer);
	const query = db(`${SEGMENT_LINES_TABLE} as l`)
		.join(`${CONTACTS_TABLE} as c`, 'c.contact_no', 'l.contact_no')
		.select<(SegmentLineRow & { contact_name: string })[]>('l.*', 'c.name as contact_name')
		.where('l.segment_no', no)
		.orderBy('l.line_no')
		.limit(limit);
	if (after !== undefined) query.where('l.line_no', '>', after);
	const rows = await query;
	if (
		rows.length === 0 &&
		!(await db(SEGMENTS_TABLE).where({ segment_no: no }).first('segment_no'))
	) {
		throw segmentNotFound(no);
	}
	return rows.map(toSegmentLine);
}
