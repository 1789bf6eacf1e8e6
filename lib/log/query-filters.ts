import type { Knex } from 'knex';

import { readEntryNo } from './cancel-input';
import { readContactNo } from '../contacts';
import { readDateRange, type DateRange, containsPattern } from '../core';
import {
	EVALUATIONS,
	INFORMATION_FLOWS,
	INITIATORS,
	LIMITS,
	type Evaluation,
	type InformationFlow,
	type InitiatedBy,
} from '../core';
import { readGroupCode } from '../setup';
import { readBoolean, readOptionalChoice, readOptionalCode, readOptionalText } from '../core';
import { readDocumentKind } from '../setup';
import { readTemplateCode } from '../setup';

/** Which canceled entries a query shows (docs/domain.md#s5-6 shows them, marked). */
export const CANCELED_FILTERS = ['exclude', 'include', 'only'] as const;
export type CanceledFilter = (typeof CANCELED_FILTERS)[number];

/** The filters of the log entries page (docs/domain.md#s5-6), as nodes give them. */
export interface LogEntryFilterInput {
	readonly contactNo?: unknown;
	/** With `contactNo` of a company: its persons' entries too (docs/domain.md#s12). */
	readonly includeCompanyPersons?: unknown;
	readonly companyNo?: unknown;
	readonly segmentNo?: unknown;
	readonly loggedSegmentEntryNo?: unknown;
	readonly templateCode?: unknown;
	readonly groupCode?: unknown;
	readonly salespersonCode?: unknown;
	readonly campaignNo?: unknown;
	readonly documentKind?: unknown;
	readonly documentNo?: unknown;
	readonly dateFrom?: unknown;
	readonly dateTo?: unknown;
	/** `exclude` (the default), `include` or `only`. */
	readonly canceled?: unknown;
	/** Blank: either. */
	readonly attemptFailed?: unknown;
	readonly evaluation?: unknown;
	readonly informationFlow?: unknown;
	readonly initiatedBy?: unknown;
	/** Text in the description or the subject, case-insensitive. */
	readonly search?: unknown;
}

/** Validated filters; null (or absent) means no filter on that field. */
export interface LogEntryFilters {
	readonly contact: { readonly contactNo: string; readonly withCompanyPersons: boolean } | null;
	readonly companyNo: string | null;
	readonly segmentNo: string | null;
	readonly loggedSegmentEntryNo: number | null;
	readonly templateCode: string | null;
	readonly groupCode: string | null;
	readonly salespersonCode: string | null;
	readonly campaignNo: string | null;
	readonly documentKind: string | null;
	readonly documentNo: string | null;
	readonly range: DateRange;
	readonly canceled: CanceledFilter;
	readonly attemptFailed: boolean | null;
	readonly evaluation: Evaluation | null;
	readonly informationFlow: InformationFlow | null;
	readonly initiatedBy: InitiatedBy | null;
	readonly search: string | null;
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const optional = <T>(value: unknown, read: (value: unknown) => T): T | null =>
	isBlank(value) ? null : read(value);

/**
 * Reads the filters of a log query; each bad value is a VALIDATION error naming its field. Dates
 * without an offset are local time in `timeZone` (see `readDateRange`).
 */
export function readLogEntryFilters(input: LogEntryFilterInput, timeZone: string): LogEntryFilters {
	const contactNo = optional(input.contactNo, (v) => readContactNo(v));
	return {
		contact:
			contactNo === null
				? null
				: {
						contactNo,
						withCompanyPersons: readBoolean('includeCompanyPersons', input.includeCompanyPersons),
					},
		companyNo: optional(input.companyNo, (v) => readContactNo(v, 'companyNo')),
		segmentNo: readOptionalCode('segmentNo', input.segmentNo, LIMITS.segmentNo),
		loggedSegmentEntryNo: optional(input.loggedSegmentEntryNo, (v) =>
			readEntryNo('loggedSegmentEntryNo', v),
		),
		templateCode: optional(input.templateCode, (v) => readTemplateCode(v)),
		groupCode: optional(input.groupCode, (v) => readGroupCode(v)),
		salespersonCode: readOptionalCode(
			'salespersonCode',
			input.salespersonCode,
			LIMITS.salespersonCode,
		),
		campaignNo: readOptionalCode('campaignNo', input.campaignNo, LIMITS.campaignNo),
		documentKind: optional(input.documentKind, (v) => readDocumentKind(v, 'documentKind')),
		documentNo: readOptionalText('documentNo', input.documentNo, LIMITS.documentNo),
		range: readDateRange({ from: input.dateFrom, to: input.dateTo }, timeZone),
		canceled: readOptionalChoice('canceled', input.canceled, CANCELED_FILTERS) ?? 'exclude',
		attemptFailed: optional(input.attemptFailed, (v) => readBoolean('attemptFailed', v)),
		evaluation: readOptionalChoice('evaluation', input.evaluation, EVALUATIONS),
		informationFlow: readOptionalChoice(
			'informationFlow',
			input.informationFlow,
			INFORMATION_FLOWS,
		),
		initiatedBy: readOptionalChoice('initiatedBy', input.initiatedBy, INITIATORS),
		search: readOptionalText('search', input.search, LIMITS.description),
	};
}

/** No filter at all but the defaults (canceled entries excluded). */
export const NO_FILTERS: LogEntryFilters = readLogEntryFilters({}, 'UTC');

/**
 * Adds the filters to a query of `interaction_log_entries` (unaliased); every value is bound.
 * Postponed entries are never listed (docs/domain.md#s5-6: the page's fixed filter).
 */
export function whereLogEntryFilters(
	query: Knex.QueryBuilder,
	filters: LogEntryFilters,
): Knex.QueryBuilder {
	query.where('postponed', false);
	const { contact, range } = filters;
	if (contact?.withCompanyPersons) {
		query.where((w) =>
			w.where('contact_no', contact.contactNo).orWhere('contact_company_no', contact.contactNo),
		);
	} else if (contact) {
		query.where('contact_no', contact.contactNo);
	}
	const equal: [string, string | number | boolean | null][] = [
		['contact_company_no', filters.companyNo],
		['segment_no', filters.segmentNo],
		['logged_segment_entry_no', filters.loggedSegmentEntryNo],
		['template_code', filters.templateCode],
		['group_code', filters.groupCode],
		['salesperson_code', filters.salespersonCode],
		['campaign_no', filters.campaignNo],
		['document_kind', filters.documentKind],
		['document_no', filters.documentNo],
		['attempt_failed', filters.attemptFailed],
		['evaluation', filters.evaluation],
		['information_flow', filters.informationFlow],
		['initiated_by', filters.initiatedBy],
	];
	for (const [column, value] of equal) if (value !== null) query.where(column, value);
	if (range.from) query.where('occurred_at', '>=', range.from.toJSDate());
	if (range.to) query.where('occurred_at', '<', range.to.toJSDate());
	if (filters.canceled !== 'include') query.where('canceled', filters.canceled === 'only');
	if (filters.search) {
		const pattern = containsPattern(filters.search);
		query.where((w) => w.whereILike('description', pattern).orWhereILike('subject', pattern));
	}
	return query;
}
