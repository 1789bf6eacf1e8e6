import type { Knex } from 'knex';

import { LOG_ENTRIES_TABLE } from '../db';
import { wherePurgeable, type PurgeFilters } from './filters';

/** One batch of a purge: the window it covered and what it deleted. */
export interface PurgeBatch {
	/** Canceled entries in the window (≤ the batch size); fewer means the walk reached the end. */
	readonly windowCount: number;
	/** The window's last entry number: the next window starts above it. */
	readonly windowLast: number | null;
	readonly byTemplate: Readonly<Record<string, number | string>>;
	/** Deleted entry numbers as `[first, last]` runs of consecutive numbers, ascending. */
	readonly ranges: readonly (readonly [number, number])[];
}

interface BatchRow {
	window_count: number | string;
	window_last: number | string | null;
	by_template: Record<string, number | string> | null;
	ranges: [number, number][] | null;
}

export interface BatchBounds {
	/** The window starts above this entry number. */
	readonly after: number;
	/** And ends at this one at most (the "entry no. to" filter). */
	readonly upTo: number | undefined;
	/** Canceled entries per window: the batch size. */
	readonly size: number;
	/** Delete at most this many (lowest numbers first): what the cap leaves; null for no limit. */
	readonly limit: number | null;
}

/**
 * Deletes one batch in one statement, its own transaction: the window is the next `size`
 * canceled entries above `after`, found on the partial index `interaction_log_entries_canceled_idx`
 * starting past the rows already deleted (so no batch walks the dead index entries of earlier
 * ones); of those, `wherePurgeable` alone decides which go, evaluated by the delete itself, so an
 * entry restored meanwhile stays. Comment lines go by the foreign key's cascade. Counts by
 * template and the runs of deleted numbers are computed in the same statement.
 */
export async function deleteNextBatch(
	db: Knex,
	filters: PurgeFilters,
	bounds: BatchBounds,
): Promise<PurgeBatch> {
	// A retention policy of scope all walks every entry by number, not only the canceled index.
	const windowRows = db(LOG_ENTRIES_TABLE)
		.modify((query) => (filters.includeActive ? query : query.where('canceled', true)))
		.where('entry_no', '>', bounds.after)
		.modify((query) =>
			bounds.upTo === undefined ? query : query.where('entry_no', '<=', bounds.upTo),
		)
		.orderBy('entry_no')
		.limit(bounds.size)
		.select('entry_no');
	const window = db
		.from(windowRows.as('w'))
		.select(db.raw('count(*) as n'), db.raw('max(entry_no) as last'));
	const inWindow = (query: Knex.QueryBuilder) =>
		wherePurgeable(query, filters)
			.where('entry_no', '>', bounds.after)
			.whereRaw('entry_no <= (select last from win)');
	const target =
		bounds.limit === null
			? inWindow(db(LOG_ENTRIES_TABLE))
			: wherePurgeable(db(LOG_ENTRIES_TABLE), filters).whereIn(
					'entry_no',
					inWindow(db(LOG_ENTRIES_TABLE))
						.orderBy('entry_no')
						.limit(bounds.limit)
						.select('entry_no'),
				);
	const gone = target.delete().returning(['entry_no', 'template_code']);
	// Data-modifying CTE: the delete runs once; islands of consecutive numbers become ranges.
	const { rows } = (await db.raw(
		`with win as (?), gone as (?)
		select
			(select n from win) as window_count,
			(select last from win) as window_last,
			(select json_object_agg(template_code, n)
				from (select template_code, count(*) as n from gone group by template_code) t) as by_template,
			(select json_agg(json_build_array(first_no, last_no) order by first_no)
				from (select min(entry_no) as first_no, max(entry_no) as last_no
					from (select entry_no, entry_no - row_number() over (order by entry_no) as island
						from gone) numbered
					group by island) islands) as ranges`,
		[window, gone],
	)) as { rows: BatchRow[] };
	const [row] = rows;
	return {
		windowCount: Number(row.window_count),
		windowLast: row.window_last === null ? null : Number(row.window_last),
		byTemplate: row.by_template ?? {},
		ranges: row.ranges ?? [],
	};
}
