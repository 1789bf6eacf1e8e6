import type { Knex } from 'knex';

import { readEntryNo } from '../log';
import { readContactNo } from '../contacts';
import { LIMITS } from '../core';
import { validationError } from '../core';
import { readGroupCode } from '../setup';
import { readCode } from '../core';
import { readTemplateCode } from '../setup';
import { readInstant } from '../core';

/**
 * The filters of a purge as a node gets them (docs/domain.md#s11: the request-page filters of
 * report 5190, plus "canceled before" and the logged segment). Blank means "no filter".
 */
export interface PurgeFilterInput {
	readonly entryNoFrom?: unknown;
	readonly entryNoTo?: unknown;
	readonly contactNo?: unknown;
	/** Occurred at or after. */
	readonly occurredFrom?: unknown;
	/** Occurred strictly before. */
	readonly occurredBefore?: unknown;
	/** Canceled strictly before, e.g. 90 days ago. */
	readonly canceledBefore?: unknown;
	readonly templateCode?: unknown;
	readonly groupCode?: unknown;
	readonly salespersonCode?: unknown;
	readonly campaignNo?: unknown;
	readonly loggedSegmentEntryNo?: unknown;
}

/** Checked purge filters; times are ISO-8601 in UTC. Only the filters given are present. */
export interface PurgeFilters {
	readonly entryNoFrom?: number;
	readonly entryNoTo?: number;
	readonly contactNo?: string;
	readonly occurredFrom?: string;
	readonly occurredBefore?: string;
	readonly canceledBefore?: string;
	readonly templateCode?: string;
	readonly groupCode?: string;
	readonly salespersonCode?: string;
	readonly campaignNo?: string;
	readonly loggedSegmentEntryNo?: number;
	/**
	 * Set by a retention policy of scope `all` only, never read from a node's filters: active
	 * entries go too.
	 */
	readonly includeActive?: true;
	/** Set by a group's retention policy: its templates with a policy of their own are left out. */
	readonly excludeTemplateCodes?: readonly string[];
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
	return isBlank(value) ? undefined : read(value);
}

function instant(field: string, zone: string) {
	return (value: unknown) => readInstant(field, value, zone).toUTC().toISO()!;
}

/**
 * Reads purge filters; times without an offset are read in `timeZone` (the workflow's). A range
 * whose end is not after its start is refused, since it would silently match nothing.
 */
export function readPurgeFilters(input: PurgeFilterInput, timeZone = 'UTC'): PurgeFilters {
	const filters: PurgeFilters = {
		entryNoFrom: optional(input.entryNoFrom, (v) => readEntryNo('entryNoFrom', v)),
		entryNoTo: optional(input.entryNoTo, (v) => readEntryNo('entryNoTo', v)),
		contactNo: optional(input.contactNo, (v) => readContactNo(v, 'contactNo')),
		occurredFrom: optional(input.occurredFrom, instant('occurredFrom', timeZone)),
		occurredBefore: optional(input.occurredBefore, instant('occurredBefore', timeZone)),
		canceledBefore: optional(input.canceledBefore, instant('canceledBefore', timeZone)),
		templateCode: optional(input.templateCode, (v) => readTemplateCode(v)),
		groupCode: optional(input.groupCode, (v) => readGroupCode(v)),
		salespersonCode: optional(input.salespersonCode, (v) =>
			readCode('salespersonCode', v, LIMITS.salespersonCode),
		),
		campaignNo: optional(input.campaignNo, (v) => readCode('campaignNo', v, LIMITS.campaignNo)),
		loggedSegmentEntryNo: optional(input.loggedSegmentEntryNo, (v) =>
			readEntryNo('loggedSegmentEntryNo', v),
		),
	};
	const { entryNoFrom, entryNoTo, occurredFrom, occurredBefore } = filters;
	if (entryNoFrom !== undefined && entryNoTo !== undefined && entryNoFrom > entryNoTo) {
		throw validationError(
			'entryNoTo',
			input.entryNoTo,
			`entryNoTo (${entryNoTo}) is below entryNoFrom (${entryNoFrom})`,
			'Swap the two entry numbers: the range runs from the lower to the higher one.',
		);
	}
	if (occurredFrom && occurredBefore && occurredFrom >= occurredBefore) {
		throw validationError(
			'occurredBefore',
			input.occurredBefore,
			`occurredBefore (${occurredBefore}) is not after occurredFrom (${occurredFrom})`,
			'Swap the two dates: "occurred from" is the start, "occurred before" the end of the range.',
		);
	}
	return Object.fromEntries(
		Object.entries(filters).filter(([, value]) => value !== undefined),
	) as PurgeFilters;
}

/**
 * THE predicate of a purge (docs/domain.md#s11, docs/domain.md#s16-7): only canceled entries,
 * whatever the filters. The dry run counts and the delete removes with this one function, so the
 * rule "only canceled entries can be deleted" lives here and nowhere else. The one exception is a
 * retention policy of scope `all` (storage limitation), which sets `includeActive` itself.
 *
 * @example
 * wherePurgeable(db('interaction_log_entries'), { canceledBefore: '2026-08-27T00:00:00.000Z' })
 * // where canceled = true and canceled_at < '2026-08-27T00:00:00.000Z'
 */
export function wherePurgeable(query: Knex.QueryBuilder, filters: PurgeFilters): Knex.QueryBuilder {
	if (filters.includeActive !== true) query.where('canceled', true);
	if (filters.excludeTemplateCodes?.length) {
		query.whereNotIn('template_code', filters.excludeTemplateCodes);
	}
	if (filters.entryNoFrom !== undefined) query.where('entry_no', '>=', filters.entryNoFrom);
	if (filters.entryNoTo !== undefined) query.where('entry_no', '<=', filters.entryNoTo);
	if (filters.contactNo !== undefined) query.where('contact_no', filters.contactNo);
	if (filters.occurredFrom !== undefined) query.where('occurred_at', '>=', filters.occurredFrom);
	if (filters.occurredBefore !== undefined) query.where('occurred_at', '<', filters.occurredBefore);
	if (filters.canceledBefore !== undefined) query.where('canceled_at', '<', filters.canceledBefore);
	if (filters.templateCode !== undefined) query.where('template_code', filters.templateCode);
	if (filters.groupCode !== undefined) query.where('group_code', filters.groupCode);
	if (filters.salespersonCode !== undefined) {
		query.where('salesperson_code', filters.salespersonCode);
	}
	if (filters.campaignNo !== undefined) query.where('campaign_no', filters.campaignNo);
	if (filters.loggedSegmentEntryNo !== undefined) {
		query.where('logged_segment_entry_no', filters.loggedSegmentEntryNo);
	}
	return query;
}
