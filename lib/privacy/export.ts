import type { Knex } from 'knex';

import { notFoundError, toIsoString } from '../core';
import { findErasedContactNos, readContactNo } from '../contacts';
import {
	CONTACTS_TABLE,
	LOG_COMMENTS_TABLE,
	LOG_ENTRIES_TABLE,
	LOG_EVENTS_TABLE,
	type LogEntryRow,
	type LogEventRow,
} from '../db';
import { toLogEntry, toLogEvent, type LogEntry, type LogEvent } from '../log';
import { listContactReferences } from './columns';

export interface ExportedComment {
	readonly lineNo: number;
	readonly date: string;
	readonly comment: string;
}

export interface ExportedEntry extends LogEntry {
	readonly comments: readonly ExportedComment[];
	readonly events: readonly LogEvent[];
}

/**
 * Everything stored about one contact (right of access), as one JSON document: the contact row,
 * the rows of every table that points at it (business relations, segment lines, …), its entries
 * (canceled ones too) with their comments and audit, the audit of its entries that were purged,
 * and the purge runs that deleted them. Nothing of another contact: a company's export holds its
 * own entries, not its persons'.
 */
export interface ContactExport {
	readonly contactNo: string;
	readonly exportedAt: string;
	/** Every column of the contact, camelCase. */
	readonly contact: Readonly<Record<string, unknown>>;
	/** Rows pointing at the contact, by table (`contact_business_relations`, `segment_lines`, …). */
	readonly related: Readonly<Record<string, readonly Record<string, unknown>[]>>;
	readonly entries: readonly ExportedEntry[];
	/** Entries no longer in the log, with the audit events that remain of them. */
	readonly purgedEntries: readonly { readonly entryNo: number; readonly events: LogEvent[] }[];
	/** The purge runs that deleted its entries or were filtered by its number. */
	readonly purges: readonly LogEvent[];
	/** Events about the contact itself, not one entry (its erasure, for a pseudonym). */
	readonly contactEvents: readonly LogEvent[];
	readonly counts: Readonly<Record<string, number>>;
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function exportedRow(row: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(row).map(([key, value]) => [
			camel(key),
			value instanceof Date ? toIsoString(value) : value,
		]),
	);
}

type EventRow = LogEventRow;

/** Whether a purge event's entry numbers (numbers and `[first, last]` runs) hold one of `wanted`. */
function covers(entryNos: unknown, wanted: ReadonlySet<number>): boolean {
	if (!Array.isArray(entryNos)) return false;
	return entryNos.some((item: unknown) => {
		if (typeof item === 'number') return wanted.has(item);
		if (!Array.isArray(item) || item.length !== 2) return false;
		const [first, last] = item.map(Number);
		for (const no of wanted) if (no >= first && no <= last) return true;
		return false;
	});
}

function isPurgeOf(event: EventRow, contactNo: string, purgedNos: ReadonlySet<number>): boolean {
	const details = (event.details ?? {}) as {
		filters?: { contactNo?: unknown };
		entryNos?: unknown;
	};
	return details.filters?.contactNo === contactNo || covers(details.entryNos, purgedNos);
}

export async function exportContact(db: Knex, contactNo: unknown): Promise<ContactExport> {
	const no = readContactNo(contactNo);
	return await db.transaction(
		async (trx) => {
			const contact = await trx(CONTACTS_TABLE).where({ contact_no: no }).first();
			if (!contact) {
				const erased = (await findErasedContactNos(trx, [no])).has(no);
				throw notFoundError(
					'contactNo',
					no,
					erased
						? `Contact ${no} was erased: nothing personal is stored about it any more`
						: `Contact ${no} does not exist`,
					erased
						? 'Its entries remain only as figures under a pseudonym that cannot be traced back.'
						: 'Check the number; Interaction Setup → Contact → Get Many lists the contacts.',
				);
			}
			const related: Record<string, Record<string, unknown>[]> = {};
			for (const { table, column } of await listContactReferences(trx)) {
				const rows: Record<string, unknown>[] = await trx(table)
					.where(column, no)
					.orderByRaw('1, 2');
				related[table] = rows.map(exportedRow);
			}
			const entryRows: LogEntryRow[] = await trx(LOG_ENTRIES_TABLE)
				.where({ contact_no: no })
				.orderBy('entry_no');
			const ownEntries = trx(LOG_ENTRIES_TABLE).where({ contact_no: no }).select('entry_no');
			const comments: {
				entry_no: number;
				line_no: number;
				comment_date: string;
				comment: string;
			}[] = await trx(LOG_COMMENTS_TABLE)
				.whereIn('entry_no', ownEntries)
				.orderBy(['entry_no', 'line_no']);
			const events: EventRow[] = await trx(LOG_EVENTS_TABLE)
				.whereIn('entry_no', ownEntries)
				.orWhere({ contact_no: no })
				.orderBy('event_no');

			const live = new Set(entryRows.map((row) => Number(row.entry_no)));
			const eventsOf = new Map<number, LogEvent[]>();
			for (const event of events) {
				if (event.entry_no === null) continue;
				const entryNo = Number(event.entry_no);
				eventsOf.set(entryNo, [...(eventsOf.get(entryNo) ?? []), toLogEvent(event)]);
			}
			const entries: ExportedEntry[] = entryRows.map((row) => {
				const entryNo = Number(row.entry_no);
				return {
					...toLogEntry(row),
					comments: comments
						.filter((c) => Number(c.entry_no) === entryNo)
						.map((c) => ({
							lineNo: Number(c.line_no),
							date: String(c.comment_date),
							comment: c.comment,
						})),
					events: eventsOf.get(entryNo) ?? [],
				};
			});
			const purgedNos = [...eventsOf.keys()]
				.filter((entryNo) => !live.has(entryNo))
				.sort((a, b) => a - b);
			const purgedSet = new Set(purgedNos);
			const purgeRows: EventRow[] = await trx(LOG_EVENTS_TABLE)
				.where({ event_type: 'purged' })
				.orderBy('event_no');
			const purges = purgeRows.filter((event) => isPurgeOf(event, no, purgedSet)).map(toLogEvent);
			const contactEvents = events.filter((e) => e.entry_no === null).map(toLogEvent);
			return {
				contactNo: no,
				exportedAt: new Date().toISOString(),
				contact: exportedRow({ ...contact }),
				related,
				entries,
				purgedEntries: purgedNos.map((entryNo) => ({ entryNo, events: eventsOf.get(entryNo)! })),
				purges,
				contactEvents,
				counts: {
					entries: entries.length,
					canceledEntries: entries.filter((e) => e.canceled).length,
					comments: comments.length,
					events: events.length,
					purgedEntries: purgedNos.length,
					purges: purges.length,
				},
			};
		},
		{ isolationLevel: 'repeatable read', readOnly: true },
	);
}

// The columns of the entries file, in the order of the entry as nodes output it.
const ENTRY_CSV_COLUMNS: readonly (keyof LogEntry)[] = [
	'entryNo',
	'occurredAt',
	'timeZone',
	'contactNo',
	'contactCompanyNo',
	'templateCode',
	'groupCode',
	'description',
	'subject',
	'informationFlow',
	'initiatedBy',
	'correspondenceType',
	'cost',
	'durationMin',
	'evaluation',
	'attemptFailed',
	'postponed',
	'canceled',
	'canceledAt',
	'canceledBy',
	'documentKind',
	'documentNo',
	'versionNo',
	'docNoOccurrence',
	'segmentNo',
	'loggedSegmentEntryNo',
	'salespersonCode',
	'campaignNo',
	'campaignTarget',
	'campaignResponse',
	'opportunityNo',
	'languageCode',
	'contactVia',
	'idempotencyKey',
	'recordedBy',
	'recordedAt',
];

/**
 * A CSV field (RFC 4180): quoted when needed; a text starting with = + - @ gets a leading
 * apostrophe, so a spreadsheet shows it instead of running it as a formula.
 */
function csvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The entries of an export as CSV, a header line first; lines end in CRLF. */
export function entriesCsv(entries: readonly LogEntry[]): string {
	const lines = [
		ENTRY_CSV_COLUMNS.join(','),
		...entries.map((entry) => ENTRY_CSV_COLUMNS.map((column) => csvField(entry[column])).join(',')),
	];
	return `${lines.join('\r\n')}\r\n`;
}
