import { DateTime } from 'luxon';

import { civilDate, civilDateText, zoneOffsetAt, type CivilDate } from '../core';

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

/** The label of the period of `unit` starting on the local calendar date `date`. */
function labelOf(date: CivilDate, wall: number, unit: PeriodUnit): string {
	if (unit === 'day') return civilDateText(date);
	if (unit === 'month') return civilDateText(date).slice(0, 7);
	// ISO week: the week and week-year of its Thursday.
	const thursday = civilDate(wall + 3 * DAY_MS);
	const firstOfYear = new Date(0);
	firstOfYear.setUTCFullYear(thursday.year, 0, 1);
	const week = Math.floor((wall + 3 * DAY_MS - firstOfYear.getTime()) / (7 * DAY_MS)) + 1;
	return `${pad(thursday.year, 4)}-W${pad(week)}`;
}

/** The local calendar date and wall-clock time of `ms` in `zone`. */
function wallClock(ms: number, zone: string) {
	const wall = ms + zoneOffsetAt(ms, zone) * 60_000;
	return { wall, date: civilDate(wall) };
}

/** The period of `unit` in `zone` that holds `ms`, through luxon's calendar. */
function calendarPeriod(ms: number, unit: PeriodUnit, zone: string): Period {
	const start = DateTime.fromMillis(ms, { zone }).startOf(unit);
	const startMs = start.toMillis();
	const { wall, date } = wallClock(startMs, zone);
	return {
		label: labelOf(date, wall, unit),
		start: startMs,
		end: start.plus({ [unit]: 1 }).toMillis(),
	};
}

/** Whether a local midnight on `date` starts a period of `unit`. */
function startsPeriod(date: CivilDate, unit: PeriodUnit): boolean {
	if (unit === 'week') return date.weekday === 1;
	if (unit === 'month') return date.day === 1;
	return true;
}

/**
 * The period after one ending at `start`, without luxon when the zone's offset is the same at its
 * two ends: then its end is the next local midnight of the unit at that offset, the instant luxon
 * finds too. Otherwise (a daylight saving change, a midnight that does not exist) luxon decides.
 */
function nextPeriod(start: number, unit: PeriodUnit, zone: string): Period {
	const offset = zoneOffsetAt(start, zone);
	const wall = start + offset * 60_000;
	const date = civilDate(wall);
	if (wall - Math.floor(wall / DAY_MS) * DAY_MS === 0 && startsPeriod(date, unit)) {
		let wallEnd: number;
		if (unit === 'day') wallEnd = wall + DAY_MS;
		else if (unit === 'week') wallEnd = wall + 7 * DAY_MS;
		else {
			const next = new Date(0);
			next.setUTCFullYear(date.year, date.month, 1);
			wallEnd = next.getTime();
		}
		const end = wallEnd - offset * 60_000;
		if (zoneOffsetAt(end, zone) === offset) {
			return { label: labelOf(date, wall, unit), start, end };
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
