import fc from 'fast-check';
import { DateTime } from 'luxon';

import { PERIOD_UNITS, periodsBetween, type PeriodUnit } from '../../lib/statistics';

// Zones with daylight saving at midnight (Santiago, Havana, Beirut), half-hour daylight saving
// (Lord Howe), offsets at :30 and :45, and a daylight saving suspended for a month (Casablanca).
const ZONES = [
	'UTC',
	'Europe/Berlin',
	'America/Santiago',
	'America/Havana',
	'Asia/Beirut',
	'Australia/Lord_Howe',
	'Asia/Kolkata',
	'Asia/Kathmandu',
	'Pacific/Chatham',
	'America/St_Johns',
	'Africa/Casablanca',
];

const LABELS: Record<PeriodUnit, string> = {
	day: 'yyyy-MM-dd',
	week: "kkkk-'W'WW",
	month: 'yyyy-MM',
};

/** The periods as luxon's calendar gives them, one step at a time. */
function luxonPeriods(from: number, to: number, unit: PeriodUnit, zone: string) {
	const periods = [];
	let start = DateTime.fromMillis(from, { zone }).startOf(unit);
	while (start.toMillis() < to) {
		const end = start.plus({ [unit]: 1 });
		periods.push({
			label: start.toFormat(LABELS[unit]),
			start: start.toMillis(),
			end: end.toMillis(),
		});
		start = end.setZone(zone).startOf(unit);
	}
	return periods;
}

describe('periodsBetween', () => {
	it('gives the periods of luxon’s calendar in any zone, daylight saving changes included', () => {
		const start = Date.UTC(1995, 0, 1);
		const end = Date.UTC(2030, 0, 1);
		fc.assert(
			fc.property(
				fc.constantFrom(...ZONES),
				fc.constantFrom(...PERIOD_UNITS),
				fc.integer({ min: start, max: end }),
				fc.integer({ min: 1, max: 800 * 24 * 60 * 60_000 }),
				(zone, unit, from, length) => {
					expect(periodsBetween(from, from + length, unit, zone)).toEqual(
						luxonPeriods(from, from + length, unit, zone),
					);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('labels ISO weeks by their Thursday: 29 December 2025 is in 2026-W01', () => {
		const [week] = periodsBetween(Date.UTC(2025, 11, 30), Date.UTC(2025, 11, 31), 'week', 'UTC');
		expect(week).toEqual({
			label: '2026-W01',
			start: Date.UTC(2025, 11, 29),
			end: Date.UTC(2026, 0, 5),
		});
	});
});
