import type { DateTime } from 'luxon';

import { validationError } from './errors';
import { readInstant } from './time';

/**
 * A date filter (docs/domain.md#s12 "Date Filter"): `from` inclusive, `to` exclusive; null is open.
 */
export interface DateRange {
	readonly from: DateTime | null;
	readonly to: DateTime | null;
}

export interface DateRangeInput {
	readonly from?: unknown;
	readonly to?: unknown;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Reads a date filter in the workflow's time zone `zone`: a value without an offset is local
 * time there, so "2026-11-02T00:00:00" starts at local midnight. `to` is exclusive; a date
 * without a time means that whole day ("2026-11-08" ends at the local midnight after it), as a
 * Business Central date filter includes its last day. Refuses a `to` that is not after `from`.
 *
 * ### Examples
 * ```ts
 * readDateRange({ from: '2026-11-02', to: '2026-11-08' }, 'Europe/Berlin');
 * // → 2026-11-02T00:00+01:00 up to (not including) 2026-11-09T00:00+01:00
 * ```
 */
export function readDateRange(
	input: DateRangeInput,
	zone: string,
	fields: { readonly from: string; readonly to: string } = { from: 'dateFrom', to: 'dateTo' },
): DateRange {
	const from = isBlank(input.from) ? null : readInstant(fields.from, input.from, zone);
	let to = isBlank(input.to) ? null : readInstant(fields.to, input.to, zone);
	if (to && typeof input.to === 'string' && DATE_ONLY.test(input.to.trim())) {
		to = to.plus({ days: 1 });
	}
	if (from && to && to <= from) {
		throw validationError(
			fields.to,
			input.to,
			`${fields.to} (${to.toISO()}) must be after ${fields.from} (${from.toISO()})`,
			`Give a ${fields.to} later than ${fields.from}, or leave one of them empty.`,
		);
	}
	return { from, to };
}
