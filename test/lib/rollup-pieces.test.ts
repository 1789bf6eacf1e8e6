import {
	anchoredTerms,
	bucketCeil,
	bucketFloor,
	decomposeSpan,
	type Piece,
	type Term,
} from '../../lib/statistics';

const at = (iso: string) => Date.parse(iso);
const show = (pieces: Piece[]) =>
	pieces.map((piece) => ({
		...(piece.kind === 'buckets' ? { level: piece.level } : { entries: true }),
		from: piece.from === null ? null : new Date(piece.from).toISOString(),
		to: piece.to === null ? null : new Date(piece.to).toISOString(),
	}));

describe('bucketFloor and bucketCeil', () => {
	it.each([
		['q', '2026-03-10T18:07:00Z', '2026-03-10T18:00:00.000Z', '2026-03-10T18:15:00.000Z'],
		['h', '2026-03-10T18:30:00Z', '2026-03-10T18:00:00.000Z', '2026-03-10T19:00:00.000Z'],
		['d', '2026-03-10T18:30:00Z', '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
		['m', '2026-02-28T23:00:00Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
		['m', '1969-12-31T23:00:00Z', '1969-12-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
	] as const)('%s bucket around %s', (level, time, floor, ceil) => {
		expect(new Date(bucketFloor(at(time), level)).toISOString()).toBe(floor);
		expect(new Date(bucketCeil(at(time), level)).toISOString()).toBe(ceil);
	});

	it('leaves an aligned time where it is', () => {
		expect(bucketCeil(at('2026-03-01T00:00:00Z'), 'm')).toBe(at('2026-03-01T00:00:00Z'));
	});
});

describe('decomposeSpan', () => {
	it('reads March in Berlin as an hour, thirty days and twenty-two hours', () => {
		const pieces = decomposeSpan(
			{ from: at('2026-02-28T23:00:00Z'), to: at('2026-03-31T22:00:00Z') },
			['m', 'd', 'h', 'q'],
		);
		expect(show(pieces)).toEqual([
			{ level: 'h', from: '2026-02-28T23:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
			{ level: 'd', from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z' },
			{ level: 'h', from: '2026-03-31T00:00:00.000Z', to: '2026-03-31T22:00:00.000Z' },
		]);
	});

	it('uses quarter-hours for a day in Kathmandu (+05:45)', () => {
		const pieces = decomposeSpan(
			{ from: at('2026-03-09T18:15:00Z'), to: at('2026-03-10T18:15:00Z') },
			['m', 'd', 'h', 'q'],
		);
		expect(show(pieces)).toEqual([
			{ level: 'q', from: '2026-03-09T18:15:00.000Z', to: '2026-03-09T19:00:00.000Z' },
			{ level: 'h', from: '2026-03-09T19:00:00.000Z', to: '2026-03-10T18:00:00.000Z' },
			{ level: 'q', from: '2026-03-10T18:00:00.000Z', to: '2026-03-10T18:15:00.000Z' },
		]);
	});

	it('counts what no bucket covers from the entries', () => {
		const pieces = decomposeSpan(
			{ from: at('2026-03-10T14:07:00Z'), to: at('2026-04-02T09:00:00Z') },
			['m', 'd'],
		);
		expect(show(pieces)).toEqual([
			{ entries: true, from: '2026-03-10T14:07:00.000Z', to: '2026-03-11T00:00:00.000Z' },
			{ level: 'd', from: '2026-03-11T00:00:00.000Z', to: '2026-04-02T00:00:00.000Z' },
			{ entries: true, from: '2026-04-02T00:00:00.000Z', to: '2026-04-02T09:00:00.000Z' },
		]);
	});

	it('reads an open span in whole months from its bounded end', () => {
		expect(show(decomposeSpan({ from: null, to: at('2026-03-02T00:00:00Z') }, ['m', 'd']))).toEqual(
			[
				{ level: 'm', from: null, to: '2026-03-01T00:00:00.000Z' },
				{ level: 'd', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
			],
		);
		expect(show(decomposeSpan({ from: null, to: null }, ['m']))).toEqual([
			{ level: 'm', from: null, to: null },
		]);
	});

	it('gives nothing for an empty span', () => {
		expect(decomposeSpan({ from: 5, to: 5 }, ['m'])).toEqual([]);
	});
});

describe('anchoredTerms', () => {
	const showTerms = (terms: Term[]) =>
		terms.map((term) => ({ pieces: show([...term.pieces]), adds: term.adds }));

	/** What each group adds up to over `weights` (a value per instant), through the terms. */
	function sums(terms: Term[], groups: number, weights: Map<number, number>) {
		const totals = new Array<number>(groups).fill(0);
		for (const term of terms) {
			let sum = 0;
			for (const piece of term.pieces) {
				for (const [time, weight] of weights) {
					if ((piece.from ?? -Infinity) <= time && time < (piece.to ?? Infinity)) sum += weight;
				}
			}
			for (const { segment, sign } of term.adds) totals[segment] += sign * sum;
		}
		return totals;
	}

	it('reads a Berlin day as its UTC day, the hour before added and the last hour taken away', () => {
		const boundaries = ['2026-02-28T23:00:00Z', '2026-03-01T23:00:00Z', '2026-03-02T23:00:00Z'];
		expect(showTerms(anchoredTerms(boundaries.map(at), 'd', ['h', 'q']))).toEqual([
			{
				pieces: [{ level: 'd', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }],
				adds: [{ segment: 0, sign: 1 }],
			},
			{
				pieces: [{ level: 'd', from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }],
				adds: [{ segment: 1, sign: 1 }],
			},
			{
				pieces: [{ level: 'h', from: '2026-02-28T23:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }],
				adds: [{ segment: 0, sign: 1 }],
			},
			{
				pieces: [{ level: 'h', from: '2026-03-01T23:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }],
				adds: [
					{ segment: 1, sign: 1 },
					{ segment: 0, sign: -1 },
				],
			},
			{
				pieces: [{ level: 'h', from: '2026-03-02T23:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }],
				adds: [{ segment: 1, sign: -1 }],
			},
		]);
	});

	it('counts every instant in its own group, whatever the boundaries (ranges cut anywhere, short groups)', () => {
		// Instants every 7 minutes over five days, weighted so that a misplaced one shows.
		const start = at('2026-03-28T00:00:00Z');
		const weights = new Map<number, number>();
		for (let i = 0; i < (5 * 24 * 60) / 7; i++) weights.set(start + i * 7 * 60_000, 1 + (i % 13));
		const cases: (number | null)[][] = [
			[
				at('2026-03-28T05:07:00Z'),
				at('2026-03-28T18:30:00Z'),
				at('2026-03-29T18:15:00Z'),
				at('2026-04-01T01:00:00Z'),
			],
			[
				at('2026-03-28T22:30:00Z'),
				at('2026-03-28T23:00:00Z'),
				at('2026-03-29T22:00:00Z'),
				at('2026-03-30T22:00:00Z'),
			],
			[null, at('2026-03-29T12:00:00Z'), null],
			[at('2026-03-29T11:59:00Z'), at('2026-03-29T12:01:00Z')],
		];
		for (const boundaries of cases) {
			for (const [anchor, finer] of [
				['d', ['h', 'q']],
				['m', ['d', 'h', 'q']],
				['m', []],
			] as const) {
				const expected = boundaries.slice(1).map((to, i) => {
					const from = boundaries[i];
					let sum = 0;
					for (const [time, weight] of weights) {
						if ((from ?? -Infinity) <= time && time < (to ?? Infinity)) sum += weight;
					}
					return sum;
				});
				const terms = anchoredTerms(boundaries, anchor, finer);
				expect(sums(terms, boundaries.length - 1, weights)).toEqual(expected);
			}
		}
	});
});
