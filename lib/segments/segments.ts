import type { Knex } from 'knex';

import {
	isUniqueViolation,
	LOGGED_SEGMENTS_TABLE,
	SEGMENT_LINES_TABLE,
	SEGMENTS_TABLE,
	TEMPLATES_TABLE,
	type SegmentRow,
	type TemplateRow,
} from '../db';
import {
	LIMITS,
	readPageLimit,
	type CorrespondenceType,
	type InformationFlow,
	type InitiatedBy,
	containsPattern,
} from '../core';
import { InteractionLogError, notFoundError } from '../core';
import { readOptionalCode } from '../core';
import {
	readSegmentFields,
	readSegmentNo,
	templateDefaultsForSegment,
	type SegmentInput,
} from './input';
import { readTemplateCode } from '../setup';
import { toIsoString } from '../core';

export { readSegmentNo, type SegmentInput } from './input';
export {
	EFFECTIVE_SEGMENT_LINE_COLUMNS,
	EFFECTIVE_SEGMENT_LINE_FROM,
	effectiveSegmentLine,
	listEffectiveSegmentLines,
	type EffectiveSegmentLine,
	type EffectiveLineSources,
} from './effective';

/**
 * A segment (docs/domain.md#s6-1): a list of contacts to log one interaction for, with its
 * defaults.
 */
export interface Segment {
	readonly segmentNo: string;
	readonly description: string;
	readonly templateCode: string | null;
	readonly groupCode: string | null;
	readonly subject: string | null;
	readonly salespersonCode: string | null;
	readonly campaignNo: string | null;
	readonly campaignTarget: boolean;
	readonly campaignResponse: boolean;
	readonly correspondenceType: CorrespondenceType | null;
	readonly ignoreContactCorresType: boolean;
	readonly informationFlow: InformationFlow | null;
	readonly initiatedBy: InitiatedBy | null;
	readonly unitCost: number;
	readonly unitDurationMin: number;
	readonly languageCode: string | null;
	/** `YYYY-MM-DD`, or null: the day the segment is logged. */
	readonly interactionDate: string | null;
	readonly lineCount: number;
	readonly createdAt: string;
	readonly updatedAt: string;
}

export function toSegment(row: SegmentRow & { line_count?: number | string }): Segment {
	return {
		segmentNo: row.segment_no,
		description: row.description,
		templateCode: row.template_code,
		groupCode: row.group_code,
		subject: row.subject,
		salespersonCode: row.salesperson_code,
		campaignNo: row.campaign_no,
		campaignTarget: row.campaign_target,
		campaignResponse: row.campaign_response,
		correspondenceType: row.correspondence_type,
		ignoreContactCorresType: row.ignore_contact_corres_type,
		informationFlow: row.information_flow,
		initiatedBy: row.initiated_by,
		unitCost: Number(row.unit_cost),
		unitDurationMin: Number(row.unit_duration_min),
		languageCode: row.language_code,
		interactionDate: row.interaction_date,
		lineCount: Number(row.line_count ?? 0),
		createdAt: toIsoString(row.created_at),
		updatedAt: toIsoString(row.updated_at),
	};
}

export function segmentNotFound(segmentNo: string) {
	return notFoundError(
		'segmentNo',
		segmentNo,
		`Segment ${segmentNo} does not exist`,
		'Create the segment first, or pick an existing one.',
	);
}

async function loadTemplate(db: Knex, code: string): Promise<TemplateRow> {
	const template = await db(TEMPLATES_TABLE).where({ code }).first();
	if (!template) {
		throw notFoundError(
			'templateCode',
			code,
			`Interaction template ${code} does not exist`,
			'Create the template first, or pick an existing one.',
		);
	}
	return template;
}

function withLineCount(db: Knex) {
	return db<SegmentRow>(`${SEGMENTS_TABLE} as s`).select(
		's.*',
		db.raw(
			'(select count(*) from segment_lines l where l.segment_no = s.segment_no) as line_count',
		),
	);
}

/** One segment with its number of lines; NOT_FOUND if there is none with that number. */
export async function getSegment(db: Knex, segmentNo: unknown): Promise<Segment> {
	const no = readSegmentNo(segmentNo);
	const row = await withLineCount(db).where('s.segment_no', no).first();
	if (!row) throw segmentNotFound(no);
	return toSegment(row);
}

export interface ListSegmentsOptions {
	/** Matches number or description, case-insensitively. */
	readonly search?: string;
	/** 1 to 1000; 100 when absent. */
	readonly limit?: unknown;
	/** Keyset paging: the last segment number of the previous page. */
	readonly afterSegmentNo?: unknown;
}

/** Segments by number, a page at a time (keyset paging on `segment_no`), with line counts. */
export async function listSegments(
	db: Knex,
	options: ListSegmentsOptions = {},
): Promise<Segment[]> {
	const limit = readPageLimit(options.limit, 'afterSegmentNo');
	const after = readOptionalCode('afterSegmentNo', options.afterSegmentNo, LIMITS.segmentNo);
	const query = withLineCount(db).orderBy('s.segment_no').limit(limit);
	if (after) query.where('s.segment_no', '>', after);
	if (options.search) {
		const pattern = containsPattern(options.search.trim());
		query.where((w) =>
			w.whereILike('s.segment_no', pattern).orWhereILike('s.description', pattern),
		);
	}
	return (await query).map(toSegment);
}

/**
 * Creates a segment (docs/domain.md#s6-1). With a template, its defaults are copied first and the
 * fields given override them. A number already logged is refused: a segment number can be
 * logged only once (docs/domain.md#s6-3).
 */
export async function createSegment(db: Knex, input: SegmentInput): Promise<Segment> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const fields = readSegmentFields(input);
	const templateCode = readOptionalCode('templateCode', input.templateCode, LIMITS.templateCode);
	try {
		await db.transaction(async (trx) => {
			const defaults = templateCode
				? templateDefaultsForSegment(
						await loadTemplate(trx, templateCode),
						fields.description ?? '',
					)
				: {};
			const logged = await trx(LOGGED_SEGMENTS_TABLE)
				.where({ segment_no: segmentNo })
				.first('entry_no');
			if (logged) {
				throw new InteractionLogError(
					'CONFLICT',
					`Segment ${segmentNo} was already logged (logged segment ${logged.entry_no})`,
					{
						field: 'segmentNo',
						value: segmentNo,
						hint: 'A segment number can be logged once; use another number.',
					},
				);
			}
			await trx(SEGMENTS_TABLE).insert({ ...defaults, ...fields, segment_no: segmentNo });
		});
	} catch (error) {
		if (isUniqueViolation(error, 'segments_pkey')) {
			throw new InteractionLogError('CONFLICT', `Segment ${segmentNo} already exists`, {
				field: 'segmentNo',
				value: segmentNo,
				hint: 'Use another number, or the Update operation.',
			});
		}
		throw error;
	}
	return await getSegment(db, segmentNo);
}

/**
 * Copies a template's defaults onto a locked segment header (docs/domain.md#s6-1) and makes the
 * lines that followed the old header template follow the new one: their own template, cost and
 * duration are cleared so they inherit. Returns the number of lines changed.
 */
async function applyTemplate(
	trx: Knex.Transaction,
	segment: SegmentRow,
	template: TemplateRow,
): Promise<number> {
	await trx(SEGMENTS_TABLE)
		.where({ segment_no: segment.segment_no })
		.update({
			...templateDefaultsForSegment(template, segment.description),
			updated_at: trx.fn.now(),
		});
	return await trx(SEGMENT_LINES_TABLE)
		.where({ segment_no: segment.segment_no })
		.where((w) => {
			w.whereNull('template_code');
			if (segment.template_code) w.orWhere({ template_code: segment.template_code });
		})
		.update({ template_code: null, cost: null, duration_min: null });
}

/** Locks a segment's row for the rest of `trx` (line numbering, header changes); NOT_FOUND if absent. */
export async function lockSegment(trx: Knex.Transaction, segmentNo: string): Promise<SegmentRow> {
	const row = await trx(SEGMENTS_TABLE).where({ segment_no: segmentNo }).forUpdate().first();
	if (!row) throw segmentNotFound(segmentNo);
	return row;
}

/**
 * Changes the given header fields. Giving `templateCode` assigns the template first, as
 * `assignTemplateToSegment` does (docs/domain.md#s6-1); an empty one removes the header template
 * and its group. Lines keep their own values.
 */
export async function updateSegment(db: Knex, input: SegmentInput): Promise<Segment> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const fields = readSegmentFields(input);
	const templateCode =
		input.templateCode === undefined
			? undefined
			: readOptionalCode('templateCode', input.templateCode, LIMITS.templateCode);
	await db.transaction(async (trx) => {
		const segment = await lockSegment(trx, segmentNo);
		if (templateCode) await applyTemplate(trx, segment, await loadTemplate(trx, templateCode));
		const cleared = templateCode === null ? { template_code: null, group_code: null } : {};
		await trx(SEGMENTS_TABLE)
			.where({ segment_no: segmentNo })
			.update({ ...fields, ...cleared, updated_at: trx.fn.now() });
	});
	return await getSegment(db, segmentNo);
}

/**
 * Sets a segment's interaction template as Business Central's Segment Header "Interaction
 * Template Code" validation does (docs/domain.md#s6-1): copies the template's defaults onto the
 * header and resets the lines that followed the old header template so they inherit the new one.
 *
 * ### Examples
 * ```ts
 * const { segment, linesUpdated } = await assignTemplateToSegment(db, { segmentNo: 'SEG01', templateCode: 'LETTER' });
 * ```
 */
export async function assignTemplateToSegment(
	db: Knex,
	input: { readonly segmentNo: unknown; readonly templateCode: unknown },
): Promise<{ segment: Segment; linesUpdated: number }> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const templateCode = readTemplateCode(input.templateCode);
	const linesUpdated = await db.transaction(async (trx) => {
		const segment = await lockSegment(trx, segmentNo);
		return await applyTemplate(trx, segment, await loadTemplate(trx, templateCode));
	});
	return { segment: await getSegment(db, segmentNo), linesUpdated };
}

/** Deletes a segment and its lines (docs/domain.md#s6-3 step 5 deletes a segment once logged). */
export async function deleteSegment(
	db: Knex,
	segmentNo: unknown,
): Promise<{ segmentNo: string; deleted: true; linesDeleted: number }> {
	const no = readSegmentNo(segmentNo);
	return await db.transaction(async (trx) => {
		await lockSegment(trx, no);
		// `returning` rather than the delete count: knex-pglite reports no count for a delete.
		const lines = await trx(SEGMENT_LINES_TABLE)
			.where({ segment_no: no })
			.delete()
			.returning('line_no');
		await trx(SEGMENTS_TABLE).where({ segment_no: no }).delete();
		return { segmentNo: no, deleted: true, linesDeleted: lines.length };
	});
}
