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

/** The length of the levels whose buckets are all equally long (not months, not all time). */
export const FIXED_LENGTH_MS: Partial<Record<BucketLevel, number>> = {
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

/** What the sum of a term adds to an output group (a period; 0 when there is one): `sign` times. */
export interface TermAdd {
	readonly segment: number;
	readonly sign: number;
}

/** A stretch of time summed as one unit from its pieces, and the groups its sum goes to. */
export interface Term {
	readonly pieces: readonly Piece[];
	readonly adds: readonly TermAdd[];
}

/** The bucket start of `level` nearest to `time` (the earlier one on a tie); null stays null. */
function nearestBucketStart(time: number | null, level: BucketLevel): number | null {
	if (time === null) return null;
	const floor = bucketFloor(time, level);
	const ceil = bucketCeil(time, level);
	return ceil - time < time - floor ? ceil : floor;
}

/**
 * The terms that add up the groups between consecutive `boundaries` (null: unbounded), reading
 * as few rollup rows as it can (docs/domain.md#s12). Each boundary is moved to its nearest bucket
 * start of `anchor`, so the bulk of group i is the anchor buckets between its moved boundaries:
 * one row a day for a day in Berlin (23:00 to 23:00 UTC) instead of 24 hour rows. What moving a
 * boundary got wrong, the stretch between it and its anchor, is a correction term read from the
 * `finer` levels (and from the entries below the finest): taken from the group the anchor gave it
 * to and added to the group it belongs to. Corrections that overlap (two boundaries moved to one
 * anchor) are split where they meet, so that no instant is read twice.
 *
 * ### Examples
 * ```ts
 * // 1 and 2 March 2026 in Berlin: boundaries 28 Feb 23:00, 1 Mar 23:00, 2 Mar 23:00 UTC
 * anchoredTerms([Date.UTC(2026, 1, 28, 23), Date.UTC(2026, 2, 1, 23), Date.UTC(2026, 2, 2, 23)], 'd', ['h', 'q']);
 * // → days 1 and 2 March (UTC) to groups 0 and 1; the hour 28 Feb 23:00 added to group 0;
 * //   the hour 1 Mar 23:00 taken from group 0, added to group 1; the hour 2 Mar 23:00 taken from group 1
 * ```
 */
export function anchoredTerms(
	boundaries: readonly (number | null)[],
	anchor: BucketLevel,
	finer: readonly BucketLevel[],
): Term[] {
	const segments = boundaries.length - 1;
	const anchors = boundaries.map((time) => nearestBucketStart(time, anchor));
	const terms: Term[] = [];
	for (let segment = 0; segment < segments; segment++) {
		const [from, to] = [anchors[segment], anchors[segment + 1]];
		if ((from ?? -Infinity) >= (to ?? Infinity)) continue;
		terms.push({
			pieces: [{ kind: 'buckets', level: anchor, from, to }],
			adds: [{ segment, sign: 1 }],
		});
	}
	// The corrections: boundary i moved forward to its anchor leaves [boundary, anchor) in group
	// i - 1 where it belongs to group i; moved back, it puts [anchor, boundary) in group i.
	const corrections = boundaries.flatMap((time, index) => {
		const moved = anchors[index];
		if (time === null || moved === null || moved === time) return [];
		const sign = moved > time ? 1 : -1;
		const adds: TermAdd[] = [
			{ segment: index, sign },
			{ segment: index - 1, sign: -sign },
		];
		return [
			{
				from: Math.min(time, moved),
				to: Math.max(time, moved),
				adds: adds.filter((add) => add.segment >= 0 && add.segment < segments),
			},
		];
	});
	// Corrections one after the other (groups longer than an anchor bucket): each is its own term.
	if (corrections.every((correction, i) => i === 0 || corrections[i - 1].to <= correction.from)) {
		for (const { from, to, adds } of corrections) {
			if (adds.length > 0) terms.push({ pieces: decomposeSpan({ from, to }, finer), adds });
		}
		return terms;
	}
	const points = [...new Set(corrections.flatMap((c) => [c.from, c.to]))].sort((a, b) => a - b);
	const cellOf = new Map(points.map((point, index) => [point, index]));
	// The net sign of each elementary stretch between two consecutive points, per group.
	const nets = points.slice(1).map(() => new Map<number, number>());
	for (const correction of corrections) {
		for (let cell = cellOf.get(correction.from)!; cell < cellOf.get(correction.to)!; cell++) {
			for (const { segment, sign } of correction.adds) {
				nets[cell].set(segment, (nets[cell].get(segment) ?? 0) + sign);
			}
		}
	}
	nets.forEach((net, cell) => {
		const adds = [...net]
			.filter(([, sign]) => sign !== 0)
			.map(([segment, sign]) => ({ segment, sign }));
		if (adds.length === 0) return;
		const span = { from: points[cell], to: points[cell + 1] };
		terms.push({ pieces: decomposeSpan(span, finer), adds });
	});
	return terms;
}
