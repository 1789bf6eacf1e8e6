import { DateTime } from 'luxon';

import {
	CORRESPONDENCE_TYPES,
	INFORMATION_FLOWS,
	INITIATORS,
	LIMITS,
	NUMERIC_LIMITS,
} from '../core';
import { validationError } from '../core';
import {
	readBoolean,
	readCode,
	readNonNegativeNumber,
	readOptionalChoice,
	readOptionalCode,
	readOptionalText,
	readText,
} from '../core';
import type { SegmentRow, TemplateRow } from '../db';

/** Segment header fields as they come from a node; only `segmentNo` is required. */
export interface SegmentInput {
	readonly segmentNo: unknown;
	readonly description?: unknown;
	/** Assigning a template copies its defaults, as `assignTemplateToSegment` does. */
	readonly templateCode?: unknown;
	readonly subject?: unknown;
	readonly salespersonCode?: unknown;
	readonly campaignNo?: unknown;
	readonly campaignTarget?: unknown;
	readonly campaignResponse?: unknown;
	readonly correspondenceType?: unknown;
	readonly ignoreContactCorresType?: unknown;
	readonly informationFlow?: unknown;
	readonly initiatedBy?: unknown;
	readonly unitCost?: unknown;
	readonly unitDurationMin?: unknown;
	readonly languageCode?: unknown;
	/** The date the interactions happen, `YYYY-MM-DD`; empty: the day they are logged. */
	readonly interactionDate?: unknown;
}

/** The header columns a caller may write directly (template and group come from the template). */
export type SegmentFieldColumns = Partial<
	Omit<SegmentRow, 'segment_no' | 'template_code' | 'group_code' | 'created_at' | 'updated_at'>
>;

export function readSegmentNo(value: unknown, field = 'segmentNo'): string {
	return readCode(field, value, LIMITS.segmentNo);
}

/**
 * A calendar date, stored `YYYY-MM-DD`: from that text, from an ISO date-time (its date as
 * written), or from a luxon `DateTime` (its date in its own zone).
 */
export function readOptionalDate(field: string, value: unknown): string | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return null;
	}
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value, { zone: 'UTC' });
	else if (typeof value === 'string') date = DateTime.fromISO(value.trim(), { setZone: true });
	if (!date?.isValid) {
		throw validationError(
			field,
			value,
			`${field} is not a date: ${JSON.stringify(value) ?? String(value)}`,
			'Use YYYY-MM-DD, e.g. 2026-11-25, or leave it empty for the day of logging.',
		);
	}
	return date.toISODate();
}

// Each writable header column and how to read it; an update writes only the keys given.
const columnReaders: {
	readonly [K in Exclude<keyof SegmentInput, 'segmentNo' | 'templateCode'>]-?: readonly [
		keyof SegmentFieldColumns,
		(value: unknown) => unknown,
	];
} = {
	description: ['description', (v) => readText('description', v, LIMITS.description)],
	subject: ['subject', (v) => readOptionalText('subject', v, LIMITS.subject)],
	salespersonCode: [
		'salesperson_code',
		(v) => readOptionalCode('salespersonCode', v, LIMITS.salespersonCode),
	],
	campaignNo: ['campaign_no', (v) => readOptionalCode('campaignNo', v, LIMITS.campaignNo)],
	campaignTarget: ['campaign_target', (v) => readBoolean('campaignTarget', v)],
	campaignResponse: ['campaign_response', (v) => readBoolean('campaignResponse', v)],
	correspondenceType: [
		'correspondence_type',
		(v) => readOptionalChoice('correspondenceType', v, CORRESPONDENCE_TYPES),
	],
	ignoreContactCorresType: [
		'ignore_contact_corres_type',
		(v) => readBoolean('ignoreContactCorresType', v),
	],
	informationFlow: [
		'information_flow',
		(v) => readOptionalChoice('informationFlow', v, INFORMATION_FLOWS),
	],
	initiatedBy: ['initiated_by', (v) => readOptionalChoice('initiatedBy', v, INITIATORS)],
	unitCost: ['unit_cost', (v) => readNonNegativeNumber('unitCost', v, 0, NUMERIC_LIMITS.cost)],
	unitDurationMin: [
		'unit_duration_min',
		(v) => readNonNegativeNumber('unitDurationMin', v, 0, NUMERIC_LIMITS.durationMin),
	],
	languageCode: ['language_code', (v) => readOptionalCode('languageCode', v, LIMITS.languageCode)],
	interactionDate: ['interaction_date', (v) => readOptionalDate('interactionDate', v)],
};

/** Reads the header fields given in `input` (absent keys are left out) into columns. */
export function readSegmentFields(input: SegmentInput): SegmentFieldColumns {
	const row: Record<string, unknown> = {};
	for (const [field, [column, read]] of Object.entries(columnReaders)) {
		const value = input[field as keyof SegmentInput];
		if (value !== undefined) row[column] = read(value);
	}
	return row as SegmentFieldColumns;
}

/**
 * The template defaults a segment header copies when its template is set (docs/domain.md#s6-1):
 * group, unit cost and duration, flow, initiated by, campaign target and response, correspondence
 * type, the ignore flag and language. The description only when the segment's is blank.
 */
export function templateDefaultsForSegment(
	template: TemplateRow,
	currentDescription: string,
): Partial<SegmentRow> {
	return {
		template_code: template.code,
		group_code: template.group_code,
		unit_cost: template.unit_cost,
		unit_duration_min: template.unit_duration_min,
		information_flow: template.information_flow,
		initiated_by: template.initiated_by,
		campaign_target: template.campaign_target,
		campaign_response: template.campaign_response,
		correspondence_type: template.correspondence_type,
		ignore_contact_corres_type: template.ignore_contact_corres_type,
		language_code: template.language_code,
		...(currentDescription.trim() === '' ? { description: template.description } : {}),
	};
}
