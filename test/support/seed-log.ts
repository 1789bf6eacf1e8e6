import type { Knex } from 'knex';

import { appendAll, inChunks } from '../../lib/core';

/** An entry to seed directly, as logging would have written it; every field has a default. */
export interface SeedEntry {
	readonly contactNo?: string;
	readonly contactCompanyNo?: string | null;
	readonly occurredAt?: string;
	readonly templateCode?: string;
	readonly groupCode?: string;
	readonly salespersonCode?: string | null;
	readonly campaignNo?: string | null;
	readonly loggedSegmentEntryNo?: number | null;
	readonly segmentNo?: string | null;
	readonly documentKind?: string | null;
	readonly documentNo?: string | null;
	readonly versionNo?: number;
	readonly docNoOccurrence?: number;
	readonly cost?: number;
	readonly durationMin?: number;
	readonly canceled?: boolean;
	readonly canceledAt?: string;
	/** Comment lines to add to the entry. */
	readonly comments?: number;
}

function toRow(entry: SeedEntry, index: number) {
	const contactNo = entry.contactNo ?? `CT${String(index % 50).padStart(4, '0')}`;
	const canceled = entry.canceled ?? false;
	return {
		contact_no: contactNo,
		contact_company_no: entry.contactCompanyNo === undefined ? contactNo : entry.contactCompanyNo,
		occurred_at: entry.occurredAt ?? '2026-11-02T09:30:00Z',
		time_zone: 'Europe/Berlin',
		template_code: entry.templateCode ?? 'OUTCALL',
		group_code: entry.groupCode ?? 'PHONE',
		description: `Seeded interaction ${index + 1}`,
		information_flow: 'outbound' as const,
		initiated_by: 'us' as const,
		cost: entry.cost ?? 1.5,
		duration_min: entry.durationMin ?? 10,
		salesperson_code: entry.salespersonCode === undefined ? 'JR' : entry.salespersonCode,
		campaign_no: entry.campaignNo ?? null,
		logged_segment_entry_no: entry.loggedSegmentEntryNo ?? null,
		segment_no: entry.segmentNo ?? null,
		document_kind: entry.documentKind ?? null,
		document_no: entry.documentNo ?? null,
		version_no: entry.versionNo ?? 0,
		doc_no_occurrence: entry.docNoOccurrence ?? 0,
		canceled,
		canceled_at: canceled ? (entry.canceledAt ?? '2026-11-03T10:00:00Z') : null,
		canceled_by: canceled ? 'seed' : null,
		recorded_by: 'seed',
	};
}

/** Inserts entries set-based (multi-row inserts) and returns their entry numbers, in order. */
export async function seedEntries(db: Knex, entries: readonly SeedEntry[]): Promise<number[]> {
	const entryNos: number[] = [];
	for (const chunk of inChunks(
		entries.map((entry, index) => ({ entry, row: toRow(entry, index) })),
		1000,
	)) {
		const inserted: { entry_no: number }[] = await db('interaction_log_entries')
			.insert(chunk.map(({ row }) => row))
			.returning('entry_no');
		const numbers = inserted.map((row) => Number(row.entry_no));
		const comments = chunk.flatMap(({ entry }, i) =>
			Array.from({ length: entry.comments ?? 0 }, (_, line) => ({
				entry_no: numbers[i],
				line_no: (line + 1) * 10000,
				comment: `Comment ${line + 1}`,
			})),
		);
		if (comments.length > 0) await db('interaction_log_comments').insert(comments);
		appendAll(entryNos, numbers);
	}
	return entryNos;
}

/** Seeds a logged segment (docs/domain.md#s6-4) and returns its entry number. */
export async function seedLoggedSegment(
	db: Knex,
	segmentNo: string,
	options: { canceled?: boolean } = {},
): Promise<number> {
	const [row]: { entry_no: number }[] = await db('logged_segments')
		.insert({
			segment_no: segmentNo,
			description: `Segment ${segmentNo}`,
			canceled: options.canceled ?? false,
			canceled_at: options.canceled ? '2026-11-03T10:00:00Z' : null,
		})
		.returning('entry_no');
	return Number(row.entry_no);
}

/** Entry numbers left in the log, ascending. */
export async function remainingEntryNos(db: Knex): Promise<number[]> {
	return (await db('interaction_log_entries').orderBy('entry_no').pluck('entry_no')).map(Number);
}

/** The audit events, oldest first, in a compact form for assertions. */
export async function auditTrail(db: Knex) {
	const rows: {
		event_type: string;
		entry_no: number | null;
		logged_segment_entry_no: number | null;
		actor: string | null;
		reason: string | null;
	}[] = await db('interaction_log_events').orderBy('event_no');
	return rows.map((row) => ({
		eventType: row.event_type,
		entryNo: row.entry_no === null ? null : Number(row.entry_no),
		loggedSegmentEntryNo:
			row.logged_segment_entry_no === null ? null : Number(row.logged_segment_entry_no),
		actor: row.actor,
		reason: row.reason,
	}));
}
