import { bucketCeil, bucketFloor, decomposeSpan, type Piece } from '../../lib/statistics';

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
