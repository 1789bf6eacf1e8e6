import { LIMITS, NUMERIC_LIMITS } from '../core';
import { validationError } from '../core';
import { readNonNegativeInteger, readOptionalText, readText } from '../core';
import { readDocumentKind } from '../setup';

// Readers for what Cancel Interaction and Purge Canceled take from n8n expressions: entry numbers
// (one, a list, or comma-separated text), the document a cancel is about, and who did it and why.

const ENTRY_NO_HINT = 'Give entry numbers as whole numbers ≥ 1, e.g. 42 or "42, 43, 44".';

function describeElement(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (value === null || value === undefined) return 'nothing';
	return typeof value === 'object' ? 'an object' : String(value);
}

/** One entry number (or logged segment entry number): a whole number ≥ 1. */
export function readEntryNo(field: string, value: unknown): number {
	const text = typeof value === 'string' ? value.trim() : value;
	const number = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
		throw validationError(
			field,
			value,
			`${field}: ${describeElement(value)} is not an entry number`,
			ENTRY_NO_HINT,
		);
	}
	return number;
}

/**
 * Entry numbers as a node gets them: one number, a list (an array from an expression), or text
 * with numbers separated by commas, semicolons or spaces. Duplicates are dropped, the first order
 * kept; an empty list is refused.
 */
export function readEntryNos(field: string, value: unknown): number[] {
	const elements = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]+/).filter((part) => part !== '')
			: value === undefined || value === null
				? []
				: [value];
	if (elements.length === 0) {
		throw validationError(
			field,
			value,
			`${field} is required: name at least one entry`,
			ENTRY_NO_HINT,
		);
	}
	return [...new Set(elements.map((element) => readEntryNo(field, element)))];
}

/**
 * A document whose entries a cancel or restore is about (docs/domain.md#s7: kind, number, version).
 */
export interface DocumentTarget {
	readonly documentKind: string;
	readonly documentNo: string;
	/** null: every version of the document. */
	readonly versionNo: number | null;
}

export function readDocumentTarget(input: {
	readonly documentKind: unknown;
	readonly documentNo: unknown;
	readonly versionNo?: unknown;
}): DocumentTarget {
	const blank = (value: unknown) =>
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
	const documentNo = readText('documentNo', input.documentNo, LIMITS.documentNo);
	if (documentNo === '') {
		throw validationError(
			'documentNo',
			input.documentNo,
			'documentNo is required: name the document whose interactions to change',
			'Give the document number as the source system logged it, e.g. INV-1001.',
		);
	}
	return {
		documentKind: readDocumentKind(input.documentKind, 'documentKind'),
		documentNo,
		versionNo: blank(input.versionNo)
			? null
			: readNonNegativeInteger('versionNo', input.versionNo, 0, NUMERIC_LIMITS.integer),
	};
}

/** Who changed the log and why, as kept in the audit events (docs/domain.md#s10). */
export interface AuditNote {
	readonly actor: string | null;
	readonly reason: string | null;
}

export function readAuditNote(input: { readonly actor?: unknown; readonly reason?: unknown }) {
	return {
		actor: readOptionalText('actor', input.actor, LIMITS.actor),
		reason: readOptionalText('reason', input.reason, LIMITS.reason),
	} satisfies AuditNote;
}
