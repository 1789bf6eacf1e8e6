import type { Knex } from 'knex';

import type { CorrespondenceType, Evaluation, InformationFlow, InitiatedBy } from '../core';
import { toIsoString } from '../core';
import { LOG_ENTRIES_TABLE, type LogEntryRow } from '../db';

/**
 * An interaction log entry (docs/domain.md#s5) as nodes output it: camelCase, times as ISO-8601
 * with offset. `occurredAt` is shown in the time zone the interaction was recorded in.
 */
export interface LogEntry {
	readonly entryNo: number;
	readonly contactNo: string | null;
	readonly contactCompanyNo: string | null;
	readonly occurredAt: string;
	readonly timeZone: string;
	readonly templateCode: string;
	readonly groupCode: string;
	readonly description: string;
	readonly subject: string | null;
	readonly informationFlow: InformationFlow | null;
	readonly initiatedBy: InitiatedBy | null;
	readonly correspondenceType: CorrespondenceType | null;
	readonly cost: number;
	readonly durationMin: number;
	readonly evaluation: Evaluation | null;
	readonly attemptFailed: boolean;
	readonly postponed: boolean;
	readonly canceled: boolean;
	readonly canceledAt: string | null;
	readonly canceledBy: string | null;
	readonly documentKind: string | null;
	readonly documentNo: string | null;
	readonly versionNo: number;
	readonly docNoOccurrence: number;
	readonly segmentNo: string | null;
	readonly loggedSegmentEntryNo: number | null;
	readonly salespersonCode: string | null;
	readonly campaignNo: string | null;
	readonly campaignTarget: boolean;
	readonly campaignResponse: boolean;
	readonly opportunityNo: string | null;
	readonly languageCode: string | null;
	readonly contactVia: string | null;
	readonly idempotencyKey: string | null;
	readonly recordedBy: string | null;
	readonly recordedAt: string;
}

/** The one conversion from a row to the entry nodes output. */
export function toLogEntry(row: LogEntryRow): LogEntry {
	return {
		entryNo: Number(row.entry_no),
		contactNo: row.contact_no,
		contactCompanyNo: row.contact_company_no,
		occurredAt: toIsoString(row.occurred_at, row.time_zone),
		timeZone: row.time_zone,
		templateCode: row.template_code,
		groupCode: row.group_code,
		description: row.description,
		subject: row.subject,
		informationFlow: row.information_flow,
		initiatedBy: row.initiated_by,
		correspondenceType: row.correspondence_type,
		cost: Number(row.cost),
		durationMin: Number(row.duration_min),
		evaluation: row.evaluation,
		attemptFailed: row.attempt_failed,
		postponed: row.postponed,
		canceled: row.canceled,
		canceledAt: row.canceled_at ? toIsoString(row.canceled_at) : null,
		canceledBy: row.canceled_by,
		documentKind: row.document_kind,
		documentNo: row.document_no,
		versionNo: row.version_no,
		docNoOccurrence: row.doc_no_occurrence,
		segmentNo: row.segment_no,
		loggedSegmentEntryNo:
			row.logged_segment_entry_no === null ? null : Number(row.logged_segment_entry_no),
		salespersonCode: row.salesperson_code,
		campaignNo: row.campaign_no,
		campaignTarget: row.campaign_target,
		campaignResponse: row.campaign_response,
		opportunityNo: row.opportunity_no,
		languageCode: row.language_code,
		contactVia: row.contact_via,
		idempotencyKey: row.idempotency_key,
		recordedBy: row.recorded_by,
		recordedAt: toIsoString(row.recorded_at),
	};
}

/** Reads entries by number, in the order asked for (missing numbers are left out). */
export async function getLogEntries(
	db: Knex | Knex.Transaction,
	entryNos: readonly number[],
): Promise<LogEntry[]> {
	if (entryNos.length === 0) return [];
	const rows = await db(LOG_ENTRIES_TABLE).whereIn('entry_no', entryNos);
	const byNo = new Map(rows.map((row) => [Number(row.entry_no), row]));
	return entryNos.flatMap((no) => {
		const row = byNo.get(no);
		return row ? [toLogEntry(row)] : [];
	});
}
