import type { BucketLevel } from './rollup';

/** A span of time, epoch milliseconds, `from` inclusive and `to` exclusive; null is unbounded. */
export interface Span {
	readonly from: number | null;
	readonly to: number | null;
}

/** Rollup rows of `level` whose bucket starts in the span: buckets lying wholly inside it. */
export interface BucketPiece extends Span {
	readonly kind: 'buckets';
	readonly level: BucketLevel;
}

/** The rest of a span, narrower than the finest bucket: counted from the entries themselves. */
export interface EntryPiece extends Span {
	readonly kind: 'entries';
}

export type Piece = BucketPiece | EntryPiece;

const FIXED_LENGTH_MS: Partial<Record<BucketLevel, number>> = {
	q: 15 * 60_000,
	h: 60 * 60_000,
	d: 24 * 60 * 60_000,
};

/** Midnight UTC of the first of a month (`month` may run past 11); years below 100 as they are. */
function utcMonthStart(year: number, month: number): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month, 1);
	return date.getTime();
}

/** Start of the UTC bucket of `level` holding `time`. */
export function bucketFloor(time: number, level: BucketLevel): number {
	const length = FIXED_LENGTH_MS[level];
	if (length !== undefined) return Math.floor(time / length) * length;
	const date = new Date(time);
	return utcMonthStart(date.getUTCFullYear(), date.getUTCMonth());
}

/** The first UTC bucket start of `level` at or after `time`. */
export function bucketCeil(time: number, level: BucketLevel): number {
	const floor = bucketFloor(time, level);
	if (floor === time) return time;
	const length = FIXED_LENGTH_MS[level];
	if (length !== undefined) return floor + length;
	const date = new Date(floor);
	return utcMonthStart(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

const isEmpty = (span: Span) => span.from !== null && span.to !== null && span.from >= span.to;

/**
 * Splits a span into whole rollup buckets, the coarsest first (`levels` coarse to fine), and the
 * remainders no bucket fits, so that a sum over the pieces reads each instant exactly once
 * (docs/domain.md#s12: statistics from maintained sums). A remainder is narrower than a bucket of
 * the finest level, at either end of the span or, with a single level, the whole of a short span.
 *
 * ### Examples
 * ```ts
 * // March 2026 in Berlin: 28 February 23:00 UTC to 31 March 22:00 UTC; levels month, day, hour
 * decomposeSpan({ from: Date.UTC(2026, 1, 28, 23), to: Date.UTC(2026, 2, 31, 22) }, ['m', 'd', 'h']);
 * // → hour buckets [23:00, 24:00) of 28 Feb, day buckets 1–30 March, hour buckets 0:00–22:00 of 31 March
 * ```
 */
export function decomposeSpan(span: Span, levels: readonly BucketLevel[]): Piece[] {
	if (isEmpty(span)) return [];
	const [level, ...finer] = levels;
	if (level === undefined) return [{ kind: 'entries', ...span }];
	const start = span.from === null ? null : bucketCeil(span.from, level);
	const end = span.to === null ? null : bucketFloor(span.to, level);
	if (start !== null && end !== null && start >= end) return decomposeSpan(span, finer);
	return [
		...(span.from === null ? [] : decomposeSpan({ from: span.from, to: start }, finer)),
		{ kind: 'buckets', level, from: start, to: end },
		...(span.to === null ? [] : decomposeSpan({ from: end, to: span.to }, finer)),
	];
}
