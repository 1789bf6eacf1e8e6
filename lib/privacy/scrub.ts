/** The values of one contact that must not survive its erasure. */
export interface PersonalValues {
	readonly contactNo: string;
	/** Number, name, e-mail, phone, external numbers…: searched for in texts of other events too. */
	readonly identifying: readonly string[];
	/** Its entries' personal texts and comments: replaced in its own events. */
	readonly texts: readonly string[];
}

export const ERASED_TEXT = '[erased]';

// Shorter values are replaced only where they make up the whole text: "Al" must not erase "Alarm".
const MIN_CONTAINED_LENGTH = 4;

function mentions(text: string, values: PersonalValues): boolean {
	const lower = text.toLowerCase();
	return [...values.identifying, ...values.texts].some((value) => {
		const v = value.toLowerCase();
		return lower.trim() === v || (v.length >= MIN_CONTAINED_LENGTH && lower.includes(v));
	});
}

/**
 * A text without the contact: its number alone becomes the pseudonym (a purge filter keeps its
 * meaning), any other text mentioning a personal value becomes `[erased]`.
 */
export function scrubText(text: string, values: PersonalValues, pseudonym: string): string {
	if (text.trim() === values.contactNo) return pseudonym;
	return mentions(text, values) ? ERASED_TEXT : text;
}

/** A JSON value with `scrubText` applied to every string in it, keys included. */
export function scrubJson(value: unknown, values: PersonalValues, pseudonym: string): unknown {
	if (typeof value === 'string') return scrubText(value, values, pseudonym);
	if (Array.isArray(value)) return value.map((item) => scrubJson(item, values, pseudonym));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, item]) => [
				scrubText(key, values, pseudonym),
				scrubJson(item, values, pseudonym),
			]),
		);
	}
	return value;
}
