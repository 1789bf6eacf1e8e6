import { validationError } from './errors';
import { readNonNegativeInteger } from './input';

/**
 * The most rows one page of any listing returns (contacts, segments, segment lines, log entries):
 * "Return All" reads page after page of this size, so memory per round trip stays bounded.
 */
export const MAX_PAGE_SIZE = 1000;

/** A listing's `limit`: 1 to MAX_PAGE_SIZE, 100 when absent; the hint names its keyset field. */
export function readPageLimit(value: unknown, afterField: string): number {
	const limit = readNonNegativeInteger('limit', value, 100);
	if (limit < 1 || limit > MAX_PAGE_SIZE) {
		throw validationError(
			'limit',
			value,
			`limit must be between 1 and ${MAX_PAGE_SIZE}, got ${limit}`,
			`Page with ${afterField} to read more than ${MAX_PAGE_SIZE}.`,
		);
	}
	return limit;
}
