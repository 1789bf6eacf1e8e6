// n8n's REST API returns execution data in the `flatted` format (JSON with shared references):
// a table of values whose first entry is the root; inside objects and arrays every string is the
// index of its value in the table, while strings at the top of the table are plain strings.

/** Turns a `flatted` string back into the object it was made from. */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		const raw = table[index];
		if (raw === null || typeof raw !== 'object') return raw;
		const known = revived.get(index);
		if (known !== undefined) return known;
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		revived.set(index, out);
		for (const [key, value] of Object.entries(raw)) {
			(out as Record<string, unknown>)[key] =
				typeof value === 'string' ? resolve(Number(value)) : value;
		}
		return out;
	};
	return resolve(0);
}
