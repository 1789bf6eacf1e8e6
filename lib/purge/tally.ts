/** An entry number, or a run of consecutive ones as `[first, last]`. */
export type EntryNoRange = number | readonly [number, number];

/**
 * What a purge run has deleted so far, batch by batch: counts by template and the entry numbers
 * as ranges of consecutive numbers (how the audit event names the purged entries compactly). It
 * is the one mutable object of a run, so a run that fails half-way can still report its batches.
 */
export class PurgeTally {
	deleted = 0;
	batches = 0;
	private readonly counts = new Map<string, number>();
	private readonly runs: [number, number][] = [];

	/** Adds one batch: its counts by template and its ranges, ascending and above earlier ones. */
	addBatch(
		byTemplate: Readonly<Record<string, number | string>>,
		ranges: readonly (readonly [number | string, number | string])[],
	): void {
		this.batches += 1;
		for (const [code, count] of Object.entries(byTemplate)) {
			this.counts.set(code, (this.counts.get(code) ?? 0) + Number(count));
			this.deleted += Number(count);
		}
		for (const [first, last] of ranges) {
			const previous = this.runs[this.runs.length - 1];
			if (previous && previous[1] + 1 === Number(first)) previous[1] = Number(last);
			else this.runs.push([Number(first), Number(last)]);
		}
	}

	/** A copy, to add a batch to before its transaction commits. */
	clone(): PurgeTally {
		const copy = new PurgeTally();
		copy.deleted = this.deleted;
		copy.batches = this.batches;
		for (const [code, count] of this.counts) copy.counts.set(code, count);
		for (const [first, last] of this.runs) copy.runs.push([first, last]);
		return copy;
	}

	/** Counts by template code, codes sorted. */
	byTemplate(): Record<string, number> {
		return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
	}

	/** The deleted entry numbers: single numbers as themselves, runs as `[first, last]`. */
	entryNos(): EntryNoRange[] {
		return this.runs.map(([first, last]) => (first === last ? first : [first, last]));
	}
}
