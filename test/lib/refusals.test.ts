import {
	NUMERIC_LIMITS,
	readCode,
	readInstant,
	readNonNegativeInteger,
	readNonNegativeNumber,
	readText,
	type InteractionLogError,
} from '../../lib/core';

/** The error `read` throws, for its code, field and message. */
function refusal(read: () => unknown): InteractionLogError {
	try {
		read();
	} catch (error) {
		return error as InteractionLogError;
	}
	throw new Error('not refused');
}

describe('refusals name their field before anything is written', () => {
	it.each([
		['a NUL character', 'Call\u0000notes', /contains a NUL character \(\\u0000\) at position 4/],
		['a lone high surrogate', 'Hi \uD83D', /contains a lone surrogate \(\\uD83D\) at position 3/],
		['a lone low surrogate', '\uDE00 there', /contains a lone surrogate \(\\uDE00\) at position 0/],
	])('refuses text with %s', (_what, value, message) => {
		const error = refusal(() => readText('description', value, 100));
		expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'description' } });
		expect(error.message).toMatch(message);
	});

	it('counts characters, not UTF-16 units: 100 emoji fit a 100-character field, 101 do not', () => {
		expect(readText('description', '😀'.repeat(100), 100)).toBe('😀'.repeat(100));
		expect(refusal(() => readText('description', '😀'.repeat(101), 100)).message).toBe(
			'description is 101 characters long; at most 100 are allowed',
		);
		expect(readCode('templateCode', 'ÄÖÜ😀', 4)).toBe('ÄÖÜ😀');
	});

	it('refuses numbers past what their columns hold, naming the field', () => {
		expect(readNonNegativeNumber('cost', 9_999_999_999_999.99, 0, NUMERIC_LIMITS.cost)).toBe(
			9_999_999_999_999.99,
		);
		for (const [field, value, limit] of [
			['cost', 1e16, NUMERIC_LIMITS.cost],
			['durationMin', 1e12, NUMERIC_LIMITS.durationMin],
			['durationMin', 9_999_999_999.999, NUMERIC_LIMITS.durationMin],
		] as const) {
			const error = refusal(() => readNonNegativeNumber(field, value, 0, limit));
			expect(error).toMatchObject({ code: 'VALIDATION', details: { field } });
			expect(error.message).toMatch(new RegExp(`^${field} .* is too large`));
		}
		const version = refusal(() =>
			readNonNegativeInteger('versionNo', 2 ** 31, 0, NUMERIC_LIMITS.integer),
		);
		expect(version).toMatchObject({ details: { field: 'versionNo' } });
		expect(version.message).toBe('versionNo 2147483648 is too large: at most 2,147,483,647');
	});

	it('reads a plain number as Unix seconds below 100,000,000,000 and as milliseconds above', () => {
		// Stripe's `created` (seconds) and JavaScript's Date.now() (milliseconds), the same instant.
		expect(readInstant('occurredAt', 1_764_500_000, 'UTC').toUTC().toISO()).toBe(
			'2025-11-30T10:53:20.000Z',
		);
		expect(readInstant('occurredAt', 1_764_500_000_000, 'UTC').toUTC().toISO()).toBe(
			'2025-11-30T10:53:20.000Z',
		);
		expect(readInstant('occurredAt', '1764500000', 'UTC').toUTC().toISO()).toBe(
			'2025-11-30T10:53:20.000Z',
		);
	});

	it.each([
		['year +99999', '+099999-01-01T00:00:00Z'],
		["luxon's last millisecond", 8.64e15],
		['a time in microseconds', 1_764_500_000_000_000],
		['year 0', '0000-06-01T00:00:00Z'],
	])('refuses a date outside the years 1 to 9999: %s', (_what, value) => {
		const error = refusal(() => readInstant('occurredAt', value, 'UTC'));
		expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'occurredAt' } });
		expect(error.message).toMatch(/^occurredAt (is outside the years 1 to 9999|is not a valid)/);
	});
});
