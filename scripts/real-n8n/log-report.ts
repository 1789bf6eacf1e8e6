// The interaction log as it stands in the database, read directly (after the demo's n8n has
// stopped, for the embedded store serves one process at a time) and printed as a table.
import type { ConnectionConfig } from '../../lib/db';
import { withTemporaryDatabase } from '../../lib/db';
import { LOG_ENTRIES_TABLE, LOG_EVENTS_TABLE } from '../../lib/db';
import { toLogEntry, type LogEntry } from '../../lib/log';

export interface LogReport {
	readonly entries: readonly LogEntry[];
	/** How many audit events of each type exist (they outlive purged entries). */
	readonly events: Readonly<Record<string, number>>;
}

/** Reads every entry (by entry number) and the count of audit events by type. */
export async function readLog(config: ConnectionConfig): Promise<LogReport> {
	return await withTemporaryDatabase(config, async (db) => {
		const rows = await db(LOG_ENTRIES_TABLE).orderBy('entry_no');
		const counts = await db(LOG_EVENTS_TABLE)
			.select('event_type')
			.count<{ event_type: string; count: string }[]>('* as count')
			.groupBy('event_type')
			.orderBy('event_type');
		return {
			entries: rows.map(toLogEntry),
			events: Object.fromEntries(counts.map((row) => [String(row.event_type), Number(row.count)])),
		};
	});
}

function cell(value: string, width: number): string {
	return value.length > width ? `${value.slice(0, width - 1)}…` : value.padEnd(width);
}

/** The log as lines of a fixed-width table. */
export function formatLog(report: LogReport): string[] {
	const columns: [string, number, (entry: LogEntry) => string][] = [
		['No.', 4, (entry) => String(entry.entryNo)],
		['Occurred at', 29, (entry) => entry.occurredAt],
		['Contact', 9, (entry) => entry.contactNo ?? ''],
		['Template', 8, (entry) => entry.templateCode],
		['Description', 30, (entry) => entry.description],
		['Document', 22, (entry) => [entry.documentKind, entry.documentNo].filter(Boolean).join(' ')],
		['Cost', 5, (entry) => String(entry.cost)],
		['Canceled', 8, (entry) => (entry.canceled ? 'yes' : '')],
	];
	const header = columns.map(([title, width]) => cell(title, width)).join(' ');
	const lines = [header, '-'.repeat(header.length)];
	for (const entry of report.entries) {
		lines.push(
			columns
				.map(([, width, value]) => cell(value(entry), width))
				.join(' ')
				.trimEnd(),
		);
	}
	if (report.entries.length === 0) lines.push('(no entries)');
	const events = Object.entries(report.events).map(([type, count]) => `${type} ${count}`);
	lines.push('', `Audit events: ${events.length > 0 ? events.join(', ') : 'none'}`);
	return lines;
}
