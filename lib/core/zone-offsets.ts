import { DateTime, Info } from 'luxon';

// Luxon asks Intl for an IANA zone's offset on every call (`formatToParts`, ~15 µs); recording
// formats one instant per entry, so 10,000 entries spent more time there than in the database.
// Offsets are cached per zone and quarter hour: every offset change of the last century falls on
// a quarter hour, and a quarter hour whose two ends differ is never cached.

const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_PER_ZONE = 100_000;
const cache = new Map<string, Map<number, number>>();
const isIanaZone = new Map<string, boolean>();

function cachesOffsets(zone: string): boolean {
	let iana = isIanaZone.get(zone);
	if (iana === undefined) {
		const normalized = Info.normalizeZone(zone);
		iana = normalized !== null && normalized.isValid && !normalized.isUniversal;
		isIanaZone.set(zone, iana);
	}
	return iana;
}

// The offset as luxon computes it for an IANA zone (its IANAZone.offset): the wall clock Intl
// formats for the instant, read as UTC, minus the instant truncated to the second. Luxon asks
// formatToParts; the plain format text read by one regular expression costs a quarter of that,
// which mattered for two years of days (a new quarter hour each). Years outside 100-9998 (two-digit
// years, eras) go to luxon.
const formatters = new Map<string, Intl.DateTimeFormat>();
const WALL_CLOCK = /(\d+)\/(\d+)\/(\d+) (AD|BC),? (\d+):(\d+):(\d+)/;
const FAST_FROM = Date.UTC(100, 0, 2);
const FAST_TO = Date.UTC(9998, 11, 31);

function ianaOffset(zone: string, ms: number): number {
	if (ms < FAST_FROM || ms >= FAST_TO) return DateTime.fromMillis(ms, { zone }).offset;
	let formatter = formatters.get(zone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat('en-US', {
			hour12: false,
			timeZone: zone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			era: 'short',
		});
		formatters.set(zone, formatter);
	}
	const parts = WALL_CLOCK.exec(formatter.format(ms));
	if (parts === null || parts[4] !== 'AD') return DateTime.fromMillis(ms, { zone }).offset;
	const hour = Number(parts[5]);
	const wall = Date.UTC(
		Number(parts[3]),
		Number(parts[1]) - 1,
		Number(parts[2]),
		hour === 24 ? 0 : hour,
		Number(parts[6]),
		Number(parts[7]),
	);
	const over = ms % 1000;
	return (wall - (ms - (over >= 0 ? over : 1000 + over))) / 60_000;
}

function offsetMinutes(zone: string, ms: number): number {
	const quarter = Math.floor(ms / QUARTER_HOUR_MS);
	let offsets = cache.get(zone);
	const cached = offsets?.get(quarter);
	if (cached !== undefined) return cached;
	const start = ianaOffset(zone, quarter * QUARTER_HOUR_MS);
	const end = ianaOffset(zone, (quarter + 1) * QUARTER_HOUR_MS - 1);
	if (start !== end) return ianaOffset(zone, ms);
	if (!offsets || offsets.size >= MAX_CACHED_PER_ZONE) {
		offsets = new Map();
		cache.set(zone, offsets);
	}
	offsets.set(quarter, start);
	return start;
}

/**
 * The UTC offset in minutes that `zone` has at the instant `ms`, as luxon's
 * `DateTime.fromMillis(ms, { zone }).offset`, cached per quarter hour for IANA zones.
 */
export function zoneOffsetAt(ms: number, zone: string): number {
	if (!cachesOffsets(zone)) return DateTime.fromMillis(ms, { zone }).offset;
	return offsetMinutes(zone, ms);
}

const pad = (n: number) => String(n).padStart(2, '0');
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => pad(n));
const DAY_MS = 86_400_000;
// The first instants of the years 1 and 9999 (Date.UTC would read the year 1 as 1901).
const YEAR_1 = -62_135_596_800_000;
const YEAR_9999 = 253_370_764_800_000;

/** A calendar date: year, month 1-12, day 1-31, and weekday 0-6 from Sunday (as getUTCDay). */
export interface CivilDate {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly weekday: number;
}

/**
 * The calendar date of `local` (a wall-clock time as epoch milliseconds, read as UTC), what the
 * getUTC* methods of `new Date(local)` give, by integer arithmetic (Howard Hinnant's
 * civil_from_days) without a Date: writing two years of days spent most of its time making Dates.
 */
export function civilDate(local: number): CivilDate {
	const days = Math.floor(local / DAY_MS);
	const shifted = days + 719_468; // days from 0000-03-01
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36_524) -
			Math.floor(dayOfEra / 146_096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
	const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
	return {
		year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
		month,
		day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
		weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
	};
}

/** `YYYY-MM-DD` of a calendar date, years 0-9999. */
export const civilDateText = ({ year, month, day }: CivilDate) =>
	TWO_DIGITS[Math.floor(year / 100)] +
	TWO_DIGITS[year % 100] +
	'-' +
	TWO_DIGITS[month] +
	'-' +
	TWO_DIGITS[day];

/**
 * `local` (a wall-clock time as epoch milliseconds) as `YYYY-MM-DDTHH:mm:ss.SSS`, what
 * `new Date(local).toISOString()` writes before its `Z`, for years 1-9999.
 */
function wallClockText(local: number): string {
	let rest = local - Math.floor(local / DAY_MS) * DAY_MS;
	const hour = Math.floor(rest / 3_600_000);
	rest -= hour * 3_600_000;
	const minute = Math.floor(rest / 60_000);
	rest -= minute * 60_000;
	const second = Math.floor(rest / 1000);
	const millisecond = rest - second * 1000;
	return (
		civilDateText(civilDate(local)) +
		'T' +
		TWO_DIGITS[hour] +
		':' +
		TWO_DIGITS[minute] +
		':' +
		TWO_DIGITS[second] +
		'.' +
		String(millisecond).padStart(3, '0')
	);
}

/**
 * `ms` as ISO-8601 with the offset `zone` has at that instant, exactly as luxon's
 * `DateTime.fromMillis(ms, { zone }).toISO()` writes it (docs/architecture.md#conventions: the
 * output format for times), but with the zone's offsets cached. Fixed zones (UTC) and years outside
 * 0–9999 go through luxon.
 */
export function isoInZone(ms: number, zone: string): string {
	if (!cachesOffsets(zone) || ms < YEAR_1 || ms >= YEAR_9999) {
		return DateTime.fromMillis(ms, { zone }).toISO()!;
	}
	const offset = offsetMinutes(zone, ms);
	// Local mean times before 1900 have offsets in seconds: luxon writes those its own way.
	if (!Number.isInteger(offset)) return DateTime.fromMillis(ms, { zone }).toISO()!;
	const local = wallClockText(ms + offset * 60_000);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
