import type { Knex } from 'knex';

import {
	canceledError,
	cancelableTransaction,
	inChunks,
	sqlArray,
	throwIfStopped,
	type StoppedError,
} from '../core';
import {
	readAuditNote,
	readDocumentTarget,
	readEntryNo,
	readEntryNos,
	type AuditNote,
	type DocumentTarget,
} from './cancel-input';
import { InteractionLogError, notFoundError } from '../core';
import { appendLogEvents, type LogEventInput, type LogEventType } from './events';
import { toLogEntry, type LogEntry } from './entries';
import { toLoggedSegment, type LoggedSegment } from './logged-segments';
import {
	LOG_ENTRIES_TABLE,
	LOGGED_SEGMENTS_TABLE,
	type LogEntryRow,
	type LoggedSegmentRow,
} from '../db';

export { readEntryNos } from './cancel-input';

/**
 * What a cancel or restore did to one entry or logged segment. Repeating a call changes nothing
 * and says so: `alreadyCanceled` / `alreadyActive`.
 */
export type CancelOutcome = 'canceled' | 'restored' | 'alreadyCanceled' | 'alreadyActive';

export interface CancelEntryResult {
	readonly entry: LogEntry;
	readonly outcome: CancelOutcome;
	readonly changed: boolean;
}

/** A logged segment (docs/domain.md#s6-4) after a cancel or restore of it. */
export interface CancelLoggedSegmentResult extends LoggedSegment {
	readonly outcome: CancelOutcome;
	readonly changed: boolean;
}

export interface CancelResult {
	/** Every entry the call was about, changed or not: in the order asked, else by entry number. */
	readonly entries: readonly CancelEntryResult[];
	/** Set when the call was about a logged segment. */
	readonly loggedSegment: CancelLoggedSegmentResult | null;
}

interface AuditInput {
	/** Who did it: a user, or the workflow and execution; kept on the entry and in the audit. */
	readonly actor?: unknown;
	/** Why, kept in the audit events. */
	readonly reason?: unknown;
	/**
	 * A stopped execution: the call stops at its next statement (the running one is canceled) and
	 * rolls back as a whole, so a logged segment's entries are all changed or none.
	 */
	readonly signal?: AbortSignal;
}

export interface EntriesCancelInput extends AuditInput {
	/** One entry number, a list, or comma-separated text. */
	readonly entryNos: unknown;
}

export interface LoggedSegmentCancelInput extends AuditInput {
	readonly loggedSegmentEntryNo: unknown;
}

export interface DocumentCancelInput extends AuditInput {
	readonly documentKind: unknown;
	readonly documentNo: unknown;
	/** Blank: every version of the document. */
	readonly versionNo?: unknown;
}

type Selection =
	| { readonly by: 'entries'; readonly entryNos: readonly number[] }
	| { readonly by: 'loggedSegment'; readonly loggedSegmentEntryNo: number }
	| { readonly by: 'document'; readonly document: DocumentTarget };

function outcomeOf(cancel: boolean, changed: boolean): CancelOutcome {
	if (cancel) return changed ? 'canceled' : 'alreadyCanceled';
	return changed ? 'restored' : 'alreadyActive';
}

/** The rows a selection is about; the one place that turns a selection into a where-clause. */
function whereSelected(query: Knex.QueryBuilder, selection: Selection): Knex.QueryBuilder {
	if (selection.by === 'entries') {
		return query.whereRaw('entry_no = any(?::bigint[])', [sqlArray(selection.entryNos)]);
	}
	if (selection.by === 'loggedSegment') {
		return query.where('logged_segment_entry_no', selection.loggedSegmentEntryNo);
	}
	const { documentKind, documentNo, versionNo } = selection.document;
	query.where({ document_kind: documentKind, document_no: documentNo });
	return versionNo === null ? query : query.where({ version_no: versionNo });
}

/** The flag values of a canceled or an active entry (or logged segment). */
function flagColumns(trx: Knex.Transaction, cancel: boolean, note: AuditNote) {
	return cancel
		? { canceled: true, canceled_at: trx.fn.now(), canceled_by: note.actor }
		: { canceled: false, canceled_at: null, canceled_by: null };
}

/**
 * Sets a logged segment's flag (docs/domain.md#s6-5); its entries follow in `changeCanceled`. Locks
 * the segment first: every path locks logged segments before entries, so two calls never deadlock.
 */
async function setLoggedSegmentFlag(
	trx: Knex.Transaction,
	loggedSegmentEntryNo: number,
	cancel: boolean,
	note: AuditNote,
): Promise<{ row: LoggedSegmentRow; changed: boolean }> {
	const row = await trx(LOGGED_SEGMENTS_TABLE)
		.where({ entry_no: loggedSegmentEntryNo })
		.forUpdate()
		.first();
	if (!row) {
		throw notFoundError(
			'loggedSegmentEntryNo',
			loggedSegmentEntryNo,
			`Logged segment ${loggedSegmentEntryNo} does not exist`,
			'Use the logged segment entry number that logging the segment returned.',
		);
	}
	if (row.canceled === cancel) return { row, changed: false };
	const [updated] = await trx(LOGGED_SEGMENTS_TABLE)
		.where({ entry_no: loggedSegmentEntryNo })
		.update(flagColumns(trx, cancel, note))
		.returning('*');
	return { row: updated, changed: true };
}

/**
 * docs/domain.md#s10: an entry whose logged segment is canceled cannot be restored on its own.
 * Locks those segments (share) so that no one cancels one until this transaction ends.
 */
async function refuseRestoreUnderCanceledSegment(trx: Knex.Transaction, selection: Selection) {
	const segments = await trx(LOGGED_SEGMENTS_TABLE)
		.whereIn(
			'entry_no',
			whereSelected(trx(LOG_ENTRIES_TABLE), selection)
				.whereNotNull('logged_segment_entry_no')
				.select('logged_segment_entry_no'),
		)
		.orderBy('entry_no')
		.forShare()
		.select('entry_no', 'canceled');
	const canceled = segments.filter((segment) => segment.canceled).map((s) => Number(s.entry_no));
	if (canceled.length === 0) return;
	const entryNos: number[] = (
		await whereSelected(trx(LOG_ENTRIES_TABLE), selection)
			.whereIn('logged_segment_entry_no', canceled)
			.orderBy('entry_no')
			.limit(10)
			.pluck('entry_no')
	).map(Number);
	const segmentList = canceled.join(', ');
	throw new InteractionLogError(
		'BLOCKED',
		`Entry ${entryNos.join(', ')} cannot be restored: ${entryNos.length === 1 ? 'its' : 'their'} logged segment ${segmentList} is canceled`,
		{
			field: 'entryNos',
			value: entryNos,
			hint: `Restore the logged segment instead (Cancel Interaction → Restore → By Logged Segment ${segmentList}); that restores all its entries. Nothing was changed.`,
		},
	);
}

function refuseMissing(selection: Selection, found: readonly LogEntryRow[]) {
	if (selection.by === 'entries') {
		const present = new Set(found.map((row) => Number(row.entry_no)));
		const missing = selection.entryNos.filter((no) => !present.has(no));
		if (missing.length === 0) return;
		throw notFoundError(
			'entryNos',
			missing,
			`Interaction log ${missing.length === 1 ? 'entry' : 'entries'} ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`,
			'Check the entry numbers; a purged entry is gone (its audit events remain). Nothing was changed.',
		);
	}
	if (selection.by === 'document' && found.length === 0) {
		const { documentKind, documentNo, versionNo } = selection.document;
		throw notFoundError(
			'documentNo',
			documentNo,
			`No interaction log entries for ${documentKind} ${documentNo}${versionNo === null ? '' : ` version ${versionNo}`}`,
			'Check the document kind and number (and version) as they were logged.',
		);
	}
}

function auditEvents(
	selection: Selection,
	cancel: boolean,
	note: AuditNote,
	changedEntries: readonly LogEntryRow[],
	segmentChanged: boolean,
): LogEventInput[] {
	const eventType: LogEventType = cancel ? 'canceled' : 'restored';
	const details =
		selection.by === 'document'
			? { by: selection.by, document: selection.document }
			: { by: selection.by };
	const segmentEvents: LogEventInput[] =
		segmentChanged && selection.by === 'loggedSegment'
			? [
					{
						eventType,
						loggedSegmentEntryNo: selection.loggedSegmentEntryNo,
						...note,
						details: { ...details, entries: changedEntries.length },
					},
				]
			: [];
	return [
		...segmentEvents,
		...changedEntries.map((row) => ({
			eventType,
			entryNo: Number(row.entry_no),
			loggedSegmentEntryNo:
				row.logged_segment_entry_no === null ? null : Number(row.logged_segment_entry_no),
			contactNo: row.contact_no,
			...note,
			details,
		})),
	];
}

function toCancelLoggedSegmentResult(
	row: LoggedSegmentRow,
	cancel: boolean,
	changed: boolean,
): CancelLoggedSegmentResult {
	return { ...toLoggedSegment(row), outcome: outcomeOf(cancel, changed), changed };
}

/**
 * Sets or clears Canceled on the selected entries in one transaction: parents locked first, the
 * entries locked (`for update`) so a concurrent purge or cancel sees one consistent state, one
 * bulk update of the rows that differ (as Business Central's ModifyAll, docs/domain.md#s6-5), and
 * an audit event for exactly the rows that changed. Any refusal rolls the whole call back.
 */
async function changeCanceled(
	db: Knex,
	selection: Selection,
	cancel: boolean,
	note: AuditNote,
	signal: AbortSignal | undefined,
): Promise<CancelResult> {
	const verb = cancel ? 'cancel' : 'restore';
	const stopped: StoppedError = (cause) =>
		canceledError({
			progress: `no entry was ${cancel ? 'canceled' : 'restored'}`,
			hint: `The ${verb} was rolled back as a whole; run again to ${verb} the entries.`,
			cause,
		});
	return await cancelableTransaction(
		db,
		signal,
		async (trx) => {
			const segment =
				selection.by === 'loggedSegment'
					? await setLoggedSegmentFlag(trx, selection.loggedSegmentEntryNo, cancel, note)
					: null;
			if (!cancel && !segment) await refuseRestoreUnderCanceledSegment(trx, selection);

			const locked: LogEntryRow[] = await whereSelected(trx(LOG_ENTRIES_TABLE), selection)
				.orderBy('entry_no')
				.forUpdate()
				.select('*');
			refuseMissing(selection, locked);

			const toChange = locked
				.filter((row) => row.canceled !== cancel)
				.map((r) => Number(r.entry_no));
			throwIfStopped(signal, stopped);
			const changedRows: LogEntryRow[] =
				toChange.length === 0
					? []
					: await trx(LOG_ENTRIES_TABLE)
							.whereRaw('entry_no = any(?::bigint[])', [sqlArray(toChange)])
							.update(flagColumns(trx, cancel, note))
							.returning('*');
			const events = auditEvents(selection, cancel, note, changedRows, segment?.changed ?? false);
			for (const chunk of inChunks(events)) {
				throwIfStopped(signal, stopped);
				await appendLogEvents(trx, chunk);
			}

			const changedByNo = new Map(changedRows.map((row) => [Number(row.entry_no), row]));
			const lockedByNo = new Map(locked.map((row) => [Number(row.entry_no), row]));
			const order =
				selection.by === 'entries' ? selection.entryNos : locked.map((r) => Number(r.entry_no));
			return {
				entries: order.map((no) => {
					const changed = changedByNo.get(no);
					return {
						entry: toLogEntry(changed ?? lockedByNo.get(no)!),
						outcome: outcomeOf(cancel, changed !== undefined),
						changed: changed !== undefined,
					};
				}),
				loggedSegment: segment
					? toCancelLoggedSegmentResult(segment.row, cancel, segment.changed)
					: null,
			};
		},
		stopped,
	);
}

function entriesSelection(input: EntriesCancelInput): Selection {
	return { by: 'entries', entryNos: readEntryNos('entryNos', input.entryNos) };
}

function segmentSelection(input: LoggedSegmentCancelInput): Selection {
	return {
		by: 'loggedSegment',
		loggedSegmentEntryNo: readEntryNo('loggedSegmentEntryNo', input.loggedSegmentEntryNo),
	};
}

function documentSelection(input: DocumentCancelInput): Selection {
	return { by: 'document', document: readDocumentTarget(input) };
}

/**
 * Cancels entries by number (docs/domain.md#s10): they stay in the log, marked canceled, and drop
 * out of statistics (docs/domain.md#s12). Explicit, not a toggle: entries already canceled are
 * reported `alreadyCanceled`. Unknown numbers → NOT_FOUND naming them, nothing changed.
 *
 * @example
 * await cancelEntries(db, { entryNos: '12, 13', reason: 'sent twice', actor: 'jane' });
 */
export async function cancelEntries(db: Knex, input: EntriesCancelInput): Promise<CancelResult> {
	return await changeCanceled(
		db,
		entriesSelection(input),
		true,
		readAuditNote(input),
		input.signal,
	);
}

/**
 * Restores canceled entries (docs/domain.md#s10). Refused with BLOCKED, nothing changed, when an
 * entry's logged segment is canceled: the logged segment has to be restored instead.
 */
export async function restoreEntries(db: Knex, input: EntriesCancelInput): Promise<CancelResult> {
	return await changeCanceled(
		db,
		entriesSelection(input),
		false,
		readAuditNote(input),
		input.signal,
	);
}

/**
 * Cancels a logged segment and, by one bulk update, every entry logged with it
 * (docs/domain.md#s6-5, ModifyAll); entries canceled before are reported `alreadyCanceled`.
 */
export async function cancelLoggedSegment(
	db: Knex,
	input: LoggedSegmentCancelInput,
): Promise<CancelResult> {
	return await changeCanceled(
		db,
		segmentSelection(input),
		true,
		readAuditNote(input),
		input.signal,
	);
}

/**
 * Restores a logged segment and every entry logged with it, including entries that were canceled
 * one by one before (docs/domain.md#s6-5: un-cancelling the segment un-cancels all its entries).
 */
export async function restoreLoggedSegment(
	db: Knex,
	input: LoggedSegmentCancelInput,
): Promise<CancelResult> {
	return await changeCanceled(
		db,
		segmentSelection(input),
		false,
		readAuditNote(input),
		input.signal,
	);
}

/**
 * Cancels every entry logged for a document (kind and number, optionally one version), e.g. an
 * invoice voided in the source system. No entry for it → NOT_FOUND.
 */
export async function cancelDocument(db: Knex, input: DocumentCancelInput): Promise<CancelResult> {
	return await changeCanceled(
		db,
		documentSelection(input),
		true,
		readAuditNote(input),
		input.signal,
	);
}

/** Restores every entry of a document; BLOCKED as `restoreEntries` under a canceled segment. */
export async function restoreDocument(db: Knex, input: DocumentCancelInput): Promise<CancelResult> {
	return await changeCanceled(
		db,
		documentSelection(input),
		false,
		readAuditNote(input),
		input.signal,
	);
}
