import type { Knex } from 'knex';

import { readContactNo } from '../contacts';
import { toLogEvent, type LogEvent } from './events';
import { readGroupCode } from '../setup';
import { readNonNegativeInteger, readOptionalChoice, validationError } from '../core';
import { toLogEntry, type LogEntry } from './entries';
import { LOG_ENTRIES_TABLE, LOG_EVENTS_TABLE, type LogEntryRow } from '../db';
import { readTemplateCode } from '../setup';

/** What a feed follows: entries as they are recorded, or entries being canceled or restored. */
export const FEED_EVENTS = ['recorded', 'canceled', 'restored'] as const;
export type FeedEvent = (typeof FEED_EVENTS)[number];

export interface FeedFilterInput {
	readonly templateCode?: unknown;
	readonly groupCode?: unknown;
	/** A person's entries, or a company's with its persons' (docs/domain.md#s12). */
	readonly contactNo?: unknown;
}

export interface FeedFilters {
	readonly templateCode: string | null;
	readonly groupCode: string | null;
	readonly contactNo: string | null;
}

/** An entry as a feed hands it on; for a cancel or restore, with the audit event that did it. */
export interface FeedItem extends LogEntry {
	readonly event: LogEvent | null;
}

export interface FeedPage {
	readonly items: readonly FeedItem[];
	/** The number to continue after: the last item's, or the horizon when the page is not full. */
	readonly cursor: number;
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function readFeedEvent(value: unknown): FeedEvent {
	return readOptionalChoice('event', value, FEED_EVENTS) ?? 'recorded';
}

export function readFeedFilters(input: FeedFilterInput): FeedFilters {
	return {
		templateCode: isBlank(input.templateCode) ? null : readTemplateCode(input.templateCode),
		groupCode: isBlank(input.groupCode) ? null : readGroupCode(input.groupCode),
		contactNo: isBlank(input.contactNo) ? null : readContactNo(input.contactNo),
	};
}

/** Items per poll when none is given. */
export const DEFAULT_FEED_LIMIT = 1000;

/**
 * The most items one poll hands on: a whole number ≥ 1. Anything else is refused rather than
 * read loosely: a page shorter than its limit moves the cursor to the horizon, so a limit read as
 * 0, or as 1 from "1e16", would skip the entries it did not hand on.
 */
export function readFeedLimit(value: unknown): number {
	const limit = readNonNegativeInteger('maxItemsPerPoll', value, DEFAULT_FEED_LIMIT);
	if (limit < 1) {
		throw validationError(
			'maxItemsPerPoll',
			value,
			`maxItemsPerPoll must be at least 1, got ${limit}`,
			'Give 1 or more; what is left waits for the next poll.',
		);
	}
	return limit;
}

/** The filters on the entry table aliased `e`; postponed entries are never handed on. */
function whereFeedFilters(query: Knex.QueryBuilder, filters: FeedFilters): Knex.QueryBuilder {
	query.where('e.postponed', false);
	if (filters.templateCode) query.where('e.template_code', filters.templateCode);
	if (filters.groupCode) query.where('e.group_code', filters.groupCode);
	const { contactNo } = filters;
	if (contactNo) {
		query.where((w) =>
			w.where('e.contact_no', contactNo).orWhere('e.contact_company_no', contactNo),
		);
	}
	return query;
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The highest entry number (`recorded`) or audit event number (`canceled`, `restored`) at or
 * below which nothing can still appear. Numbers are drawn when a row is inserted, not when it
 * commits: a writer that drew 100 may commit after one that drew 101, and a poller that moved
 * past 101 would never see 100. A share lock on the table waits for the writers in flight (and
 * holds new ones back for the moment it takes to read the maximum); after `lockTimeoutMs` it gives
 * up and returns null, so the caller tries again on its next poll, having lost nothing.
 */
export async function settledHorizon(
	db: Knex,
	event: FeedEvent,
	{ lockTimeoutMs = 2000 }: { readonly lockTimeoutMs?: number } = {},
): Promise<number | null> {
	const [table, key] =
		event === 'recorded' ? [LOG_ENTRIES_TABLE, 'entry_no'] : [LOG_EVENTS_TABLE, 'event_no'];
	try {
		return await db.transaction(async (trx) => {
			await trx.raw("select set_config('lock_timeout', ?, true)", [
				`${Math.round(lockTimeoutMs)}ms`,
			]);
			await trx.raw(`lock table ${table} in share mode`);
			const [{ horizon }] = await trx(table).max({ horizon: key });
			return Number(horizon ?? 0);
		});
	} catch (error) {
		if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return null;
		throw error;
	}
}

interface FeedRow extends LogEntryRow {
	event_no?: number;
	event_type?: FeedEvent;
	event_entry_no?: number;
	event_logged_segment_entry_no?: number | null;
	event_occurred_at?: Date;
	event_actor?: string | null;
	event_reason?: string | null;
	event_details?: Record<string, unknown> | null;
}

function toFeedItem(row: FeedRow): FeedItem {
	const event =
		row.event_no === undefined
			? null
			: toLogEvent({
					event_no: row.event_no,
					event_type: row.event_type!,
					entry_no: row.event_entry_no ?? null,
					logged_segment_entry_no: row.event_logged_segment_entry_no ?? null,
					occurred_at: row.event_occurred_at!,
					actor: row.event_actor ?? null,
					reason: row.event_reason ?? null,
					details: row.event_details ?? null,
				});
	return { ...toLogEntry(row), event };
}

function feedQuery(db: Knex, event: FeedEvent, filters: FeedFilters): Knex.QueryBuilder {
	if (event === 'recorded')
		return whereFeedFilters(db(`${LOG_ENTRIES_TABLE} as e`).select('e.*'), filters);
	return whereFeedFilters(
		db(`${LOG_EVENTS_TABLE} as v`)
			.join(`${LOG_ENTRIES_TABLE} as e`, 'e.entry_no', 'v.entry_no')
			.where('v.event_type', event)
			.select('e.*', {
				event_no: 'v.event_no',
				event_type: 'v.event_type',
				event_entry_no: 'v.entry_no',
				event_logged_segment_entry_no: 'v.logged_segment_entry_no',
				event_occurred_at: 'v.occurred_at',
				event_actor: 'v.actor',
				event_reason: 'v.reason',
				event_details: 'v.details',
			}),
		filters,
	);
}

const cursorColumn = (event: FeedEvent) => (event === 'recorded' ? 'e.entry_no' : 'v.event_no');

/**
 * What happened after `after` up to the settled `upTo` (see `settledHorizon`), oldest first, at
 * most `limit`: entries recorded, or entries canceled or restored (one item per audit event; an
 * entry purged since is left out). Filters by template, group and contact (a company with its
 * persons). The cursor moves past entries the filters leave out, so they are never read again.
 */
export async function readFeed(
	db: Knex,
	input: {
		readonly event: FeedEvent;
		readonly filters: FeedFilters;
		readonly after: number;
		readonly upTo: number;
		/** Read by `readFeedLimit`: a whole number ≥ 1. */
		readonly limit: unknown;
	},
): Promise<FeedPage> {
	const limit = readFeedLimit(input.limit);
	const column = cursorColumn(input.event);
	const rows: FeedRow[] = await feedQuery(db, input.event, input.filters)
		.where(column, '>', input.after)
		.where(column, '<=', input.upTo)
		.orderBy(column)
		.limit(limit);
	const items = rows.map(toFeedItem);
	const last = rows.at(-1);
	const lastNo = last && Number(input.event === 'recorded' ? last.entry_no : last.event_no);
	return { items, cursor: rows.length === limit && lastNo ? lastNo : input.upTo };
}

/** The latest `limit` items of a feed, oldest of them first: what a test run shows. */
export async function latestFeedItems(
	db: Knex,
	input: { readonly event: FeedEvent; readonly filters: FeedFilters; readonly limit: number },
): Promise<FeedItem[]> {
	const column = cursorColumn(input.event);
	const rows: FeedRow[] = await feedQuery(db, input.event, input.filters)
		.orderBy(column, 'desc')
		.limit(input.limit);
	return rows.reverse().map(toFeedItem);
}
