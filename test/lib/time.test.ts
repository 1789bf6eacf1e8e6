import fc from 'fast-check';
import { DateTime } from 'luxon';

import { readInstant } from '../../lib/core';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// Date and time texts with an offset, components in and out of range: readInstant's own reading of
// these must give what luxon gives (the instant, the offset kept as the zone), or refuse as luxon does.
const textArb = fc
	.record({
		year: fc.integer({ min: 0, max: 9999 }),
		month: fc.integer({ min: 0, max: 13 }),
		day: fc.integer({ min: 0, max: 32 }),
		hour: fc.integer({ min: 0, max: 25 }),
		minute: fc.integer({ min: 0, max: 60 }),
		second: fc.option(fc.integer({ min: 0, max: 60 })),
		fraction: fc.option(fc.stringMatching(/^\d{1,4}$/)),
		offset: fc.oneof(
			fc.constant('Z'),
			fc
				.tuple(
					fc.constantFrom('+', '-'),
					fc.integer({ min: 0, max: 15 }),
					fc.constantFrom(0, 30, 45, 60),
				)
				.map(([sign, hours, minutes]) => `${sign}${pad(hours)}:${pad(minutes)}`),
		),
	})
	.map(({ year, month, day, hour, minute, second, fraction, offset }) => {
		const seconds =
			second === null ? '' : `:${pad(second)}${fraction === null ? '' : `.${fraction}`}`;
		return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}${seconds}${offset}`;
	});

function byLuxon(text: string) {
	const parsed = DateTime.fromISO(text, { zone: 'Europe/Berlin', setZone: true });
	if (!parsed.isValid) return 'refused';
	const year = parsed.toUTC().year;
	return year < 1 || year > 9999 ? 'refused' : [parsed.toMillis(), parsed.zoneName, parsed.toISO()];
}

function byReadInstant(text: string) {
	try {
		const parsed = readInstant('occurredAt', text, 'Europe/Berlin');
		return [parsed.toMillis(), parsed.zoneName, parsed.toISO()];
	} catch {
		return 'refused';
	}
}

describe('readInstant', () => {
	it('reads a date and time with an offset exactly as luxon does, or refuses what luxon refuses', () => {
		fc.assert(
			fc.property(textArb, (text) => {
				expect(byReadInstant(text)).toEqual(byLuxon(text));
			}),
			{ numRuns: 5000 },
		);
	});

	it.each([
		['2026-11-02T08:00:00.000+01:00', '2026-11-02T07:00:00.000Z', 'UTC+1'],
		['2026-11-02T08:00:00Z', '2026-11-02T08:00:00.000Z', 'UTC'],
		['2026-11-02T08:00-03:30', '2026-11-02T11:30:00.000Z', 'UTC-3:30'],
		['2026-11-02T24:00:00Z', '2026-11-03T00:00:00.000Z', 'UTC'],
	])('%s is %s, kept in %s', (text, utc, zone) => {
		const parsed = readInstant('occurredAt', text, 'Europe/Berlin');
		expect([parsed.toUTC().toISO(), parsed.zoneName]).toEqual([utc, zone]);
	});

	it('refuses 30 February with the field named', () => {
		expect(() => readInstant('occurredAt', '2026-02-30T10:00:00Z', 'Europe/Berlin')).toThrow(
			/occurredAt is not a valid date and time/,
		);
	});
});
