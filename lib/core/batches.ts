import type { Knex } from 'knex';

import { InteractionLogError } from './errors';

/**
 * Rows per set-based write statement: large enough that 10,000 contacts take two statements,
 * small enough to keep one statement's parameters far below what PGlite's WASM heap or a server
 * round trip handles comfortably.
 */
export const ROWS_PER_STATEMENT = 5000;

/** Splits `items` into consecutive runs of at most `size`. */
export function inChunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
	return chunks;
}

/** A problem with one input of a batch, found before anything is written. */
export interface BatchIssue {
	readonly index: number;
	readonly error: InteractionLogError;
}

/** Turns a thrown error into an issue at `index`; errors that are not ours pass through. */
export function toBatchIssue(index: number, error: unknown): BatchIssue {
	if (error instanceof InteractionLogError) return { index, error };
	throw error;
}

/**
 * The error a batch call throws: the issue with the lowest index, `details.index` set so a node
 * can name the item, and the message saying how many other inputs failed too.
 */
export function batchError(issues: readonly BatchIssue[], noun: string): InteractionLogError {
	const [first] = [...issues].sort((a, b) => a.index - b.index);
	const others = new Set(issues.map((i) => i.index)).size - 1;
	const suffix =
		others > 0
			? ` (and ${others} more invalid ${noun}${others === 1 ? '' : 's'} in this batch)`
			: '';
	return new InteractionLogError(
		first.error.code,
		`${first.error.message}${suffix}`,
		{ ...first.error.details, index: first.index },
		{ cause: first.error },
	);
}

/**
 * A JS array bound as one PostgreSQL array parameter (`?::text[]`, used with `unnest`); null
 * elements become SQL nulls. Knex's binding types know no arrays with nulls, hence the one cast.
 */
export function sqlArray(values: readonly (string | number | boolean | null)[]): Knex.Value {
	return values as unknown as string[];
}
