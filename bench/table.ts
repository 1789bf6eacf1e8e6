/** One timed path of a benchmark. */
export interface Measurement {
	readonly backend: string;
	readonly path: string;
	readonly rows: number;
	readonly ms: number;
	/** The row the others of its backend and row count are compared with (default: COPY). */
	readonly baseline?: boolean;
	readonly note?: string;
}

const isBaseline = (m: Measurement) => m.baseline === true || m.path === 'COPY';

/**
 * Prints rows/s and the ratio to the baseline measured in the same run (COPY, or the row marked
 * `baseline`), plus the PGlite node path against the server's.
 */
export function printTable(results: readonly Measurement[]): void {
	const rate = (m: Measurement) => (m.rows / m.ms) * 1000;
	const table = results.map((m) => {
		const base = results.find((b) => isBaseline(b) && b.backend === m.backend && b.rows === m.rows);
		const server = results.find(
			(b) => b.backend === 'server' && b.path === m.path && b.rows === m.rows,
		);
		return {
			backend: m.backend,
			path: m.path,
			rows: m.rows,
			seconds: (m.ms / 1000).toFixed(2),
			'rows/s': Math.round(rate(m)).toLocaleString('en-US'),
			'× baseline': base ? (rate(m) / rate(base)).toFixed(2) : '',
			'× server': m.backend !== 'server' && server ? (rate(m) / rate(server)).toFixed(2) : '',
			note: m.note ?? '',
		};
	});
	console.table(table);
}
