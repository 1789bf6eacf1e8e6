import { DateTime } from 'luxon';

import { zoneOffsetAt } from '../core';

/** Calendar periods statistics group by, in the workflow's time zone. Weeks start on Monday (ISO). */
export const PERIOD_UNITS = ['day', 'week', 'month'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
	/** `2026-11-02`, `2026-W45` or `2026-11`. */
	readonly label: string;
	/** Its first instant, a local midnight (epoch milliseconds). */
	readonly start: number;
	/** The start of the next period (exclusive). */
	readonly end: number;
}

const DAY_MS = 24 * 60 * 60_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local wall-clock time of `ms` in `zone`, as a UTC Date (read with the getUTC* methods). */
const wallClock = (ms: number, zone: string) => new Date(ms + zoneOffsetAt(ms, zone) * 60_000);

function labelOf(start: number, unit: PeriodUnit, zone: string): string {
	const wall = wallClock(start, zone);
	const year = wall.getUTCFullYear();
	const month = pad(wall.getUTCMonth() + 1);
	if (unit === 'month') return `${pad(year, 4)}-${month}`;
	if (unit === 'day') return `${pad(year, 4)}-${month}-${pad(wall.getUTCDate())}`;
	// ISO week: the week and week-year of its Thursday.
	const thursday = new Date(wall.getTime() + 3 * DAY_MS);
	const weekYear = thursday.getUTCFullYear();
	const firstOfYear = new Date(0);
	firstOfYear.setUTCFullYear(weekYear, 0, 1);
	const week = Math.floor((thursday.getTime() - firstOfYear.getTime()) / (7 * DAY_MS)) + 1;
	return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/** The period of `unit` in `zone` that holds `ms`, through luxon's calendar. */
function calendarPeriod(ms: number, unit: PeriodUnit, zone: string): Period {
	const start = DateTime.fromMillis(ms, { zone }).startOf(unit);
	const startMs = start.toMillis();
	return {
		label: labelOf(startMs, unit, zone),
		start: startMs,
		end: start.plus({ [unit]: 1 }).toMillis(),
	};
}

/** Whether the local time of `ms` is the first instant of a period of `unit`. */
function startsPeriod(wall: Date, unit: PeriodUnit): boolean {
	if (wall.getTime() % DAY_MS !== 0) return false;
	if (unit === 'week') return wall.getUTCDay() === 1;
	if (unit === 'month') return wall.getUTCDate() === 1;
	return true;
}

/**
 * The period after one ending at `start`, without luxon when the zone's offset is the same at its
 * two ends: then its end is the next local midnight of the unit at that offset, the instant luxon
 * finds too. Otherwise (a daylight saving change, a midnight that does not exist) luxon decides.
 */
function nextPeriod(start: number, unit: PeriodUnit, zone: string): Period {
	const offset = zoneOffsetAt(start, zone);
	const wall = new Date(start + offset * 60_000);
	if (startsPeriod(wall, unit)) {
		let wallEnd: number;
		if (unit === 'day') wallEnd = wall.getTime() + DAY_MS;
		else if (unit === 'week') wallEnd = wall.getTime() + 7 * DAY_MS;
		else {
			const next = new Date(0);
			next.setUTCFullYear(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 1);
			wallEnd = next.getTime();
		}
		const end = wallEnd - offset * 60_000;
		if (zoneOffsetAt(end, zone) === offset) {
			return { label: labelOf(start, unit, zone), start, end };
		}
	}
	return calendarPeriod(start, unit, zone);
}

/** The period of `unit` in `zone` that holds the instant `ms`; its bounds are local midnights. */
export function periodOf(ms: number, unit: PeriodUnit, zone: string): Period {
	return calendarPeriod(ms, unit, zone);
}

/**
 * Every period of `unit` in `zone` that overlaps [from, to) (epoch milliseconds), in order. A
 * local day is 23 or 25 hours long on a daylight saving change, and starts at :30 or :45 past a
 * UTC hour in zones such as Asia/Kolkata or Asia/Kathmandu: the bounds come from the zone's
 * calendar, never from a fixed length. Luxon is asked only at offset changes: two years of days
 * in luxon alone took longer than reading their sums.
 */
export function periodsBetween(from: number, to: number, unit: PeriodUnit, zone: string): Period[] {
	const periods: Period[] = [];
	for (let period = periodOf(from, unit, zone); period.start < to;) {
		periods.push(period);
		period = nextPeriod(period.end, unit, zone);
	}
	return periods;
}
