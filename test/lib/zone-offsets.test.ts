import fc from 'fast-check';
import { DateTime } from 'luxon';

import { isoInZone, zoneOffsetAt } from '../../lib/core';

const ZONES = [
	'Europe/Berlin',
	'Europe/London',
	'America/New_York',
	'America/St_Johns',
	'Asia/Kolkata',
	'Asia/Kathmandu',
	'Australia/Lord_Howe',
	'Pacific/Chatham',
	'UTC',
	'Etc/UTC',
];

const luxonIso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO();

describe('isoInZone', () => {
	it.each(ZONES)(
		'writes what luxon writes in %s, around the year and across DST changes',
		(zone) => {
			fc.assert(
				fc.property(
					fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }),
					(ms) => isoInZone(ms, zone) === luxonIso(ms, zone),
				),
				{ numRuns: 2000 },
			);
		},
	);

	it.each(ZONES)('gives the offset luxon gives in %s, from year 1 to 9999', (zone) => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }),
					fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }),
				),
				(ms) => zoneOffsetAt(ms, zone) === DateTime.fromMillis(ms, { zone }).offset,
			),
			{ numRuns: 2000 },
		);
	});

	it('is exact at the minute a DST change happens, from either side', () => {
		const change = Date.UTC(2026, 2, 29, 1, 0, 0); // Europe/Berlin: 02:00 CET becomes 03:00 CEST
		for (const ms of [change - 1, change, change + 1, change - 60_000, change + 60_000]) {
			expect(isoInZone(ms, 'Europe/Berlin')).toBe(luxonIso(ms, 'Europe/Berlin'));
		}
		expect(isoInZone(change, 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00');
	});

	it('writes UTC with Z, as luxon does', () => {
		expect(isoInZone(Date.UTC(2026, 10, 25, 9, 0), 'UTC')).toBe('2026-11-25T09:00:00.000Z');
	});
});
