import { DateTime, FixedOffsetZone } from 'luxon';

import { validationError } from './errors';
import { isoInZone } from './zone-offsets';

/** Plain numbers below this are Unix seconds (until the year 5138), above it milliseconds. */
export const EPOCH_SECONDS_BELOW = 100_000_000_000;

// The years both luxon and PostgreSQL hold, and that ISO 8601 writes with four digits.
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

/** A plain number (or a text of digits only, 9 or more) as Unix seconds or milliseconds. */
function fromEpoch(value: number): DateTime {
	return Math.abs(value) < EPOCH_SECONDS_BELOW
		? DateTime.fromSeconds(value)
		: DateTime.fromMillis(value);
}

// A full date and time with an offset (Z or ±hh:mm), as webhooks and APIs send them, read without
// luxon's parser: recording spent about 50 µs an item there. Anything else, and any component out
// of range (30 February, hour 24, years below 100 that Date.UTC would move), goes to luxon.
const ISO_WITH_OFFSET =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function fromIsoWithOffset(text: string): DateTime | undefined {
	const match = ISO_WITH_OFFSET.exec(text);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match
		.slice(1, 7)
		.map((part) => Number(part ?? 0));
	const millisecond = Number((match[7] ?? '').padEnd(3, '0'));
	const [sign, offsetHours, offsetMinutes] = [
		match[8],
		Number(match[9] ?? 0),
		Number(match[10] ?? 0),
	];
	const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
	const valid =
		year >= 100 &&
		wall.getUTCMonth() === month - 1 &&
		wall.getUTCDate() === day &&
		hour <= 23 &&
		minute <= 59 &&
		second <= 59 &&
		offsetMinutes <= 59;
	if (!valid) return undefined;
	const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
	// As luxon's `setZone: true` keeps it: the text's own offset (UTC for Z).
	const zone = sign === undefined ? FixedOffsetZone.utcInstance : FixedOffsetZone.instance(offset);
	return DateTime.fromMillis(wall.getTime() - offset * 60_000, { zone });
}

/**
 * Reads a point in time: an ISO string with or without offset, a luxon `DateTime`, a JS `Date`,
 * or a Unix time as a number: seconds below 100,000,000,000 (Stripe's `created`), milliseconds
 * above (JavaScript's `Date.now()`); both appear in real payloads. A value without an offset is
 * wall-clock time in `zone` (the workflow's time zone), never the server's. Dates outside the
 * years 1 to 9999 are refused: the database and the ISO strings the log returns hold no others.
 */
export function readInstant(field: string, value: unknown, zone: string): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number' && Number.isFinite(value)) parsed = fromEpoch(value);
	else if (typeof value === 'string' && /^\d{9,}(\.\d+)?$/.test(value.trim())) {
		parsed = fromEpoch(Number(value.trim()));
	} else if (typeof value === 'string' && value.trim() !== '') {
		parsed =
			fromIsoWithOffset(value.trim()) ?? DateTime.fromISO(value.trim(), { zone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromSQL(value.trim(), { zone, setZone: true });
	}
	if (!parsed?.isValid) {
		throw validationError(
			field,
			value,
			`${field} is not a valid date and time: ${JSON.stringify(value) ?? String(value)}`,
			'Use ISO 8601, e.g. 2026-11-25T14:30:00 (read in the workflow time zone) or 2026-11-25T14:30:00+01:00, or a Unix time (seconds, or milliseconds from 100,000,000,000 on).',
		);
	}
	const year = new Date(parsed.toMillis()).getUTCFullYear();
	if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
		throw validationError(
			field,
			value,
			`${field} is outside the years ${FIRST_YEAR} to ${LAST_YEAR}: ${JSON.stringify(value) ?? String(value)}`,
			'Check the value: a Unix time in microseconds, or a year typed with too many digits, lands here.',
		);
	}
	return parsed;
}

/** Checks an IANA zone name, e.g. the workflow's `Europe/Berlin`. */
export function readZone(field: string, zone: string): string {
	if (!DateTime.now().setZone(zone).isValid) {
		throw validationError(
			field,
			zone,
			`${field} "${zone}" is not a known time zone`,
			'Use an IANA name such as Europe/Berlin.',
		);
	}
	return zone;
}

/** ISO-8601 with offset, in `zone` (UTC unless told). */
export function toIsoString(value: Date | string, zone = 'UTC'): string {
	if (value instanceof Date) return isoInZone(value.getTime(), zone);
	const date = DateTime.fromISO(value);
	return date.setZone(zone).toISO() ?? date.toUTC().toISO()!;
}
