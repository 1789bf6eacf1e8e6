import { DateTime } from 'luxon';

/** Calendar periods statistics group by, in the workflow's time zone. Weeks start on Monday (ISO). */
export const PERIOD_UNITS = ['day', 'week', 'month'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
	/** `2026-11-02`, `2026-W45` or `2026-11`. */
	readonly label: string;
	readonly start: DateTime;
	/** The start of the next period (exclusive). */
	readonly end: DateTime;
}

const LABEL_FORMATS: Record<PeriodUnit, string> = {
	day: 'yyyy-MM-dd',
	week: "kkkk-'W'WW",
	month: 'yyyy-MM',
};

/** The period of `unit` in `zone` that holds `time`; its bounds are local midnights. */
export function periodOf(time: DateTime, unit: PeriodUnit, zone: string): Period {
	const start = time.setZone(zone).startOf(unit);
	return { label: start.toFormat(LABEL_FORMATS[unit]), start, end: start.plus({ [unit]: 1 }) };
}

/**
 * Every period of `unit` in `zone` that overlaps [from, to), in order. A local day is 23 or 25
 * hours long on a daylight saving change, and starts at :30 or :45 past a UTC hour in zones such
 * as Asia/Kolkata or Asia/Kathmandu: the bounds come from the zone's calendar, never from a fixed
 * length.
 */
export function periodsBetween(
	from: DateTime,
	to: DateTime,
	unit: PeriodUnit,
	zone: string,
): Period[] {
	const periods: Period[] = [];
	for (let period = periodOf(from, unit, zone); period.start < to;) {
		periods.push(period);
		period = periodOf(period.end, unit, zone);
	}
	return periods;
}
