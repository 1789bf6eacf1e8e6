import type { Knex } from 'knex';

import type { Contact } from '../contacts';
import type { CorrespondenceType, Evaluation, InformationFlow, InitiatedBy } from '../core';
import { readSegmentNo } from './input';
import type { SegmentLine } from './lines';
import type { Segment } from './segments';
import type { InteractionTemplate } from '../setup';

// How a segment line's values at logging time are derived from the line, its segment, the
// template and the contact (docs/domain.md#s6-1, docs/domain.md#s6-2, docs/domain.md#s9-3). The
// rule exists twice on purpose, in one reviewed pair: `effectiveSegmentLine` (TypeScript, for one
// line and for tests) and the SQL below (for logging a whole segment with one INSERT … SELECT). A
// test keeps them equal.
//
// 1. A line "follows the header" when it has no template of its own or the header's template.
// 2. The line's own value wins (description, subject, salesperson, correspondence type, cost,
//    duration, evaluation, attempt failed).
// 3. Otherwise a line that follows the header takes the segment's value (which holds the
//    template defaults copied when the template was assigned, possibly edited), then the
//    template's; a line with its own template takes that template's value.
// 4. Description: line, else segment, else template. Salesperson: line, else segment, else the
//    contact's (docs/domain.md#s6-2). Campaign: the segment's, else the template's
//    (docs/domain.md#s3).
// 5. Correspondence type (docs/domain.md#s9-3): the line's; else the header's when the header
//    ignores the contact's type and has one; else the template default when the template ignores
//    the contact's type or the contact has no preferred type; else the contact's. E-mail becomes
//    null when the contact has no e-mail address (docs/domain.md#s9-3, at logging).

/** What `effectiveSegmentLine` reads. `template` is the one of `line.templateCode ?? segment.templateCode`. */
export interface EffectiveLineSources {
	readonly line: Pick<
		SegmentLine,
		| 'segmentNo'
		| 'lineNo'
		| 'contactNo'
		| 'templateCode'
		| 'description'
		| 'subject'
		| 'salespersonCode'
		| 'correspondenceType'
		| 'cost'
		| 'durationMin'
		| 'evaluation'
		| 'attemptFailed'
	>;
	readonly segment: Omit<Segment, 'segmentNo' | 'lineCount' | 'createdAt' | 'updatedAt'>;
	readonly template: Omit<InteractionTemplate, 'code' | 'createdAt' | 'updatedAt'> | undefined;
	readonly contact: Pick<Contact, 'companyNo' | 'email' | 'correspondenceType' | 'salespersonCode'>;
}

/** A segment line's values as they would be logged. */
export interface EffectiveSegmentLine {
	readonly segmentNo: string;
	readonly lineNo: number;
	readonly contactNo: string;
	readonly contactCompanyNo: string | null;
	/**
	 * null: neither line nor segment has a template, so the line cannot be logged
	 * (docs/domain.md#s9-2).
	 */
	readonly templateCode: string | null;
	readonly groupCode: string | null;
	readonly description: string;
	readonly subject: string | null;
	readonly salespersonCode: string | null;
	readonly campaignNo: string | null;
	readonly campaignTarget: boolean;
	readonly campaignResponse: boolean;
	readonly correspondenceType: CorrespondenceType | null;
	readonly informationFlow: InformationFlow | null;
	readonly initiatedBy: InitiatedBy | null;
	readonly cost: number;
	readonly durationMin: number;
	readonly languageCode: string | null;
	readonly evaluation: Evaluation | null;
	readonly attemptFailed: boolean;
	/** `YYYY-MM-DD`, or null: the day of logging. */
	readonly interactionDate: string | null;
}

/**
 * The values a segment line is logged with (docs/domain.md#s6, docs/domain.md#s9-3); see the rules
 * at the top of this file. The SQL twin is `EFFECTIVE_SEGMENT_LINE_COLUMNS` /
 * `EFFECTIVE_SEGMENT_LINE_FROM`.
 */
export function effectiveSegmentLine(sources: EffectiveLineSources): EffectiveSegmentLine {
	const { line, segment, template: t, contact } = sources;
	const followsHeader = line.templateCode === null || line.templateCode === segment.templateCode;
	const d = followsHeader
		? {
				groupCode: segment.groupCode ?? t?.groupCode ?? null,
				unitCost: segment.unitCost,
				unitDurationMin: segment.unitDurationMin,
				informationFlow: segment.informationFlow ?? t?.informationFlow ?? null,
				initiatedBy: segment.initiatedBy ?? t?.initiatedBy ?? null,
				languageCode: segment.languageCode ?? t?.languageCode ?? null,
				campaignTarget: segment.campaignTarget,
				campaignResponse: segment.campaignResponse,
				ignoreContactCorresType: segment.ignoreContactCorresType,
				correspondenceType: segment.correspondenceType ?? t?.correspondenceType ?? null,
			}
		: {
				groupCode: t?.groupCode ?? null,
				unitCost: t?.unitCost ?? 0,
				unitDurationMin: t?.unitDurationMin ?? 0,
				informationFlow: t?.informationFlow ?? null,
				initiatedBy: t?.initiatedBy ?? null,
				languageCode: t?.languageCode ?? null,
				campaignTarget: t?.campaignTarget ?? false,
				campaignResponse: t?.campaignResponse ?? false,
				ignoreContactCorresType: t?.ignoreContactCorresType ?? false,
				correspondenceType: t?.correspondenceType ?? null,
			};
	const chosen =
		line.correspondenceType ??
		(segment.ignoreContactCorresType && segment.correspondenceType !== null
			? segment.correspondenceType
			: d.ignoreContactCorresType ||
				  (contact.correspondenceType === null && d.correspondenceType !== null)
				? d.correspondenceType
				: contact.correspondenceType);
	return {
		segmentNo: line.segmentNo,
		lineNo: line.lineNo,
		contactNo: line.contactNo,
		contactCompanyNo: contact.companyNo,
		templateCode: line.templateCode ?? segment.templateCode,
		groupCode: d.groupCode,
		description: line.description ?? (segment.description || null) ?? t?.description ?? '',
		subject: line.subject ?? segment.subject,
		salespersonCode: line.salespersonCode ?? segment.salespersonCode ?? contact.salespersonCode,
		campaignNo: segment.campaignNo ?? t?.campaignNo ?? null,
		campaignTarget: d.campaignTarget,
		campaignResponse: d.campaignResponse,
		correspondenceType: chosen === 'email' && !contact.email ? null : chosen,
		informationFlow: d.informationFlow,
		initiatedBy: d.initiatedBy,
		cost: line.cost ?? d.unitCost,
		durationMin: line.durationMin ?? d.unitDurationMin,
		languageCode: d.languageCode,
		evaluation: line.evaluation,
		attemptFailed: line.attemptFailed,
		interactionDate: segment.interactionDate,
	};
}

/**
 * The FROM clause of the SQL twin: lines `l`, segment `s`, contact `c`, the line's template `t`,
 * and the derived `h.follows_header` and header-or-template defaults `d`. Filter with
 * `where l.segment_no = ?`.
 */
export const EFFECTIVE_SEGMENT_LINE_FROM = `segment_lines l
	join segments s on s.segment_no = l.segment_no
	join contacts c on c.contact_no = l.contact_no
	left join interaction_templates t on t.code = coalesce(l.template_code, s.template_code)
	cross join lateral (
		select coalesce(l.template_code = s.template_code, l.template_code is null) as follows_header
	) h
	cross join lateral (
		select
			case when h.follows_header then coalesce(s.group_code, t.group_code) else t.group_code end as group_code,
			case when h.follows_header then s.unit_cost else coalesce(t.unit_cost, 0) end as unit_cost,
			case when h.follows_header then s.unit_duration_min else coalesce(t.unit_duration_min, 0) end as unit_duration_min,
			case when h.follows_header then coalesce(s.information_flow, t.information_flow) else t.information_flow end as information_flow,
			case when h.follows_header then coalesce(s.initiated_by, t.initiated_by) else t.initiated_by end as initiated_by,
			case when h.follows_header then coalesce(s.language_code, t.language_code) else t.language_code end as language_code,
			case when h.follows_header then s.campaign_target else coalesce(t.campaign_target, false) end as campaign_target,
			case when h.follows_header then s.campaign_response else coalesce(t.campaign_response, false) end as campaign_response,
			case when h.follows_header then s.ignore_contact_corres_type else coalesce(t.ignore_contact_corres_type, false) end as ignore_contact_corres_type,
			case when h.follows_header then coalesce(s.correspondence_type, t.correspondence_type) else t.correspondence_type end as correspondence_type
	) d
	cross join lateral (
		select coalesce(l.correspondence_type,
			case
				when s.ignore_contact_corres_type and s.correspondence_type is not null then s.correspondence_type
				when d.ignore_contact_corres_type or (c.correspondence_type is null and d.correspondence_type is not null)
					then d.correspondence_type
				else c.correspondence_type
			end) as chosen
	) ct`;

/**
 * The select list of the SQL twin. Apart from `line_no` and `interaction_date`, each column is
 * named as in `interaction_log_entries`, ready for `insert into interaction_log_entries (…)
 * select … from ${EFFECTIVE_SEGMENT_LINE_FROM} where l.segment_no = ?`.
 */
export const EFFECTIVE_SEGMENT_LINE_COLUMNS = `l.segment_no,
	l.line_no,
	l.contact_no,
	c.company_no as contact_company_no,
	coalesce(l.template_code, s.template_code) as template_code,
	d.group_code,
	coalesce(l.description, nullif(s.description, ''), t.description, '') as description,
	coalesce(l.subject, s.subject) as subject,
	coalesce(l.salesperson_code, s.salesperson_code, c.salesperson_code) as salesperson_code,
	coalesce(s.campaign_no, t.campaign_no) as campaign_no,
	d.campaign_target,
	d.campaign_response,
	case when ct.chosen = 'email' and coalesce(c.email, '') = '' then null else ct.chosen end
		as correspondence_type,
	d.information_flow,
	d.initiated_by,
	coalesce(l.cost, d.unit_cost) as cost,
	coalesce(l.duration_min, d.unit_duration_min) as duration_min,
	d.language_code,
	l.evaluation,
	l.attempt_failed,
	s.interaction_date`;

interface EffectiveSegmentLineRow {
	segment_no: string;
	line_no: number;
	contact_no: string;
	contact_company_no: string | null;
	template_code: string | null;
	group_code: string | null;
	description: string;
	subject: string | null;
	salesperson_code: string | null;
	campaign_no: string | null;
	campaign_target: boolean;
	campaign_response: boolean;
	correspondence_type: CorrespondenceType | null;
	information_flow: InformationFlow | null;
	initiated_by: InitiatedBy | null;
	cost: number;
	duration_min: number;
	language_code: string | null;
	evaluation: Evaluation | null;
	attempt_failed: boolean;
	interaction_date: string | null;
}

function toEffectiveSegmentLine(row: EffectiveSegmentLineRow): EffectiveSegmentLine {
	return {
		segmentNo: row.segment_no,
		lineNo: Number(row.line_no),
		contactNo: row.contact_no,
		contactCompanyNo: row.contact_company_no,
		templateCode: row.template_code,
		groupCode: row.group_code,
		description: row.description,
		subject: row.subject,
		salespersonCode: row.salesperson_code,
		campaignNo: row.campaign_no,
		campaignTarget: row.campaign_target,
		campaignResponse: row.campaign_response,
		correspondenceType: row.correspondence_type,
		informationFlow: row.information_flow,
		initiatedBy: row.initiated_by,
		cost: Number(row.cost),
		durationMin: Number(row.duration_min),
		languageCode: row.language_code,
		evaluation: row.evaluation,
		attemptFailed: row.attempt_failed,
		interactionDate: row.interaction_date,
	};
}

/**
 * Every line of a segment with the values it would be logged with (docs/domain.md#s6,
 * docs/domain.md#s9-3), by line number, computed in one statement by the SQL twin. An unknown
 * segment gives no lines.
 */
export async function listEffectiveSegmentLines(
	db: Knex,
	segmentNo: unknown,
): Promise<EffectiveSegmentLine[]> {
	const no = readSegmentNo(segmentNo);
	const { rows } = await db.raw<{ rows: EffectiveSegmentLineRow[] }>(
		`select ${EFFECTIVE_SEGMENT_LINE_COLUMNS} from ${EFFECTIVE_SEGMENT_LINE_FROM}
		where l.segment_no = ? order by l.line_no`,
		[no],
	);
	return rows.map(toEffectiveSegmentLine);
}
