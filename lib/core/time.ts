import { DateTime } from 'luxon';

import { validationError } from './errors';
import { isoInZone } from './zone-offsets';

/**
 * Reads a point in time: an ISO string with or without offset, a luxon `DateTime`, a JS `Date`
 * or epoch milliseconds. A value without an offset is wall-clock time in `zone` (the workflow's
 * time zone), never the server's.
 */
export function readInstant(field: string, value: unknown, zone: string): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number' && Number.isFinite(value)) parsed = DateTime.fromMillis(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		parsed = DateTime.fromISO(value.trim(), { zone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromSQL(value.trim(), { zone, setZone: true });
	}
	if (!parsed?.isValid) {
		throw validationError(
			field,
			value,
			`${field} is not a valid date and time: ${JSON.stringify(value) ?? String(value)}`,
			'Use ISO 8601, e.g. 2026-11-25T14:30:00 (read in the workflow time zone) or 2026-11-25T14:30:00+01:00.',
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
