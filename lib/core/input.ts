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

/**
 * Characters PostgreSQL text cannot hold: NUL, and UTF-16 surrogates that are not part of a pair
 * (a string cut in the middle of an emoji), which have no UTF-8 form.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text the database cannot store, naming the field and the character. */
export function checkStorableText(field: string, text: string): string {
	const found = UNSTORABLE.exec(text);
	if (!found) return text;
	const what =
		found[0] === '\u0000'
			? 'a NUL character (\\u0000)'
			: `a lone surrogate (\\u${found[0].charCodeAt(0).toString(16).toUpperCase()})`;
	throw validationError(
		field,
		text,
		`${field} contains ${what} at position ${found.index}, which PostgreSQL cannot store`,
		'Remove the character; a lone surrogate is usually half of an emoji cut off by a truncation.',
	);
}

/** The length PostgreSQL gives a text: characters (code points), not UTF-16 units. */
export function characterCount(text: string): number {
	let count = text.length;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				count -= 1;
				i += 1;
			}
		}
	}
	return count;
}

function asText(field: string, value: unknown): string {
	if (typeof value === 'string') return checkStorableText(field, value);
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
	if (characterCount(code) > max) {
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
	const length = characterCount(text);
	if (length > max) {
		throw validationError(
			field,
			value,
			`${field} is ${length} characters long; at most ${max} are allowed`,
			`Shorten ${field} to ${max} characters.`,
		);
	}
	return text;
}

export function readOptionalText(field: string, value: unknown, max: number): string | null {
	return isBlank(value) ? null : readText(field, value, max);
}

/**
 * A number ≥ 0 (cost, duration); numeric text from expressions is accepted. `below` is what the
 * column holds (see `NUMERIC_LIMITS`): a value that reaches it, once rounded to cents, is refused.
 */
export function readNonNegativeNumber(
	field: string,
	value: unknown,
	fallback = 0,
	below = Number.POSITIVE_INFINITY,
): number {
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
	if (Math.round(number * 100) / 100 >= below) {
		throw validationError(
			field,
			value,
			`${field} ${number} is too large: it must be below ${below.toLocaleString('en-US')}`,
			`Give a value below ${below.toLocaleString('en-US')}, the most its column holds.`,
		);
	}
	return number;
}

/**
 * A whole number ≥ 0 (version, occurrence, entry numbers), at most `max`: `NUMERIC_LIMITS.integer`
 * for an `integer` column.
 */
export function readNonNegativeInteger(
	field: string,
	value: unknown,
	fallback = 0,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const number = readNonNegativeNumber(field, value, fallback);
	if (!Number.isSafeInteger(number)) {
		throw validationError(field, value, `${field} must be a whole number, got ${describe(value)}`);
	}
	if (number > max) {
		throw validationError(
			field,
			value,
			`${field} ${number} is too large: at most ${max.toLocaleString('en-US')}`,
			`Give a whole number up to ${max.toLocaleString('en-US')}.`,
		);
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
