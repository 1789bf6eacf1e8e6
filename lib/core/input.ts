import { validationError } from './errors';

// Values reach the library from n8n expressions, so every reader accepts `unknown` and either
// returns the value in its stored form or throws a VALIDATION error naming the field.

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (value === null || value === undefined) return 'nothing';
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function asText(field: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw validationError(field, value, `${field} must be text, got ${describe(value)}`);
}

/** A code as Business Central stores it: trimmed and upper-cased, never blank, at most `max` long. */
export function readCode(field: string, value: unknown, max: number): string {
	if (isBlank(value)) {
		throw validationError(
			field,
			value,
			`${field} is required`,
			`Give a code of at most ${max} characters.`,
		);
	}
	const code = asText(field, value).trim().toUpperCase();
	if (code.length > max) {
		throw validationError(
			field,
			value,
			`${field} ${describe(code)} is longer than ${max} characters`,
			`Use a code of at most ${max} characters.`,
		);
	}
	return code;
}

/** An optional code: blank means none. */
export function readOptionalCode(field: string, value: unknown, max: number): string | null {
	return isBlank(value) ? null : readCode(field, value, max);
}

/** Free text of at most `max` characters; blank becomes `fallback`. */
export function readText(field: string, value: unknown, max: number, fallback = ''): string {
	if (isBlank(value)) return fallback;
	const text = asText(field, value).trim();
	if (text.length > max) {
		throw validationError(
			field,
			value,
			`${field} is ${text.length} characters long; at most ${max} are allowed`,
			`Shorten ${field} to ${max} characters.`,
		);
	}
	return text;
}

export function readOptionalText(field: string, value: unknown, max: number): string | null {
	return isBlank(value) ? null : readText(field, value, max);
}

/** A number ≥ 0 (cost, duration); numeric text from expressions is accepted. */
export function readNonNegativeNumber(field: string, value: unknown, fallback = 0): number {
	if (isBlank(value)) return fallback;
	const number =
		typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(number)) {
		throw validationError(field, value, `${field} must be a number, got ${describe(value)}`);
	}
	if (number < 0) {
		throw validationError(
			field,
			value,
			`${field} must not be negative, got ${number}`,
			`Give 0 or more.`,
		);
	}
	return number;
}

/** A whole number ≥ 0 (version, occurrence, entry numbers). */
export function readNonNegativeInteger(field: string, value: unknown, fallback = 0): number {
	const number = readNonNegativeNumber(field, value, fallback);
	if (!Number.isSafeInteger(number)) {
		throw validationError(field, value, `${field} must be a whole number, got ${describe(value)}`);
	}
	return number;
}

/** true/false, also from the text and numbers expressions produce. */
export function readBoolean(field: string, value: unknown, fallback = false): boolean {
	if (isBlank(value)) return fallback;
	if (typeof value === 'boolean') return value;
	const text = String(value).trim().toLowerCase();
	if (['true', '1', 'yes'].includes(text)) return true;
	if (['false', '0', 'no'].includes(text)) return false;
	throw validationError(field, value, `${field} must be true or false, got ${describe(value)}`);
}

/**
 * One of `allowed` (stored values such as `hard_copy`); labels such as "Hard Copy" or "hard-copy"
 * are accepted too. Blank, or "none", gives null.
 */
export function readOptionalChoice<T extends string>(
	field: string,
	value: unknown,
	allowed: readonly T[],
): T | null {
	if (isBlank(value)) return null;
	const key = asText(field, value)
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_')
		.replace(/^e_mail$/, 'email');
	if (key === 'none') return null;
	const match = allowed.find((option) => option === key);
	if (!match) {
		throw validationError(
			field,
			value,
			`${field} ${describe(value)} is not one of: ${allowed.join(', ')}`,
			`Use one of ${allowed.join(', ')}, or leave it empty.`,
		);
	}
	return match;
}
