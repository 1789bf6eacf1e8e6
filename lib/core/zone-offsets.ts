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

function offsetMinutes(zone: string, ms: number): number {
	const quarter = Math.floor(ms / QUARTER_HOUR_MS);
	let offsets = cache.get(zone);
	const cached = offsets?.get(quarter);
	if (cached !== undefined) return cached;
	const start = DateTime.fromMillis(quarter * QUARTER_HOUR_MS, { zone }).offset;
	const end = DateTime.fromMillis((quarter + 1) * QUARTER_HOUR_MS - 1, { zone }).offset;
	if (start !== end) return DateTime.fromMillis(ms, { zone }).offset;
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

/**
 * `ms` as ISO-8601 with the offset `zone` has at that instant, exactly as luxon's
 * `DateTime.fromMillis(ms, { zone }).toISO()` writes it (docs/architecture.md#conventions: the
 * output format for times), but with the zone's offsets cached. Fixed zones (UTC) and years outside
 * 0–9999 go through luxon.
 */
export function isoInZone(ms: number, zone: string): string {
	const year = new Date(ms).getUTCFullYear();
	if (!cachesOffsets(zone) || year < 1 || year > 9998) {
		return DateTime.fromMillis(ms, { zone }).toISO()!;
	}
	const offset = offsetMinutes(zone, ms);
	// Local mean times before 1900 have offsets in seconds: luxon writes those its own way.
	if (!Number.isInteger(offset)) return DateTime.fromMillis(ms, { zone }).toISO()!;
	const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
