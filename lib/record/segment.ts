import type { Knex } from 'knex';

import {
	isUniqueViolation,
	LOGGED_SEGMENTS_TABLE,
	SEGMENT_LINES_TABLE,
	SEGMENTS_TABLE,
	type LoggedSegmentRow,
} from '../db';
import {
	InteractionLogError,
	isInteractionLogError,
	runWriteBatch,
	validationError,
} from '../core';
import { appendLogEvents } from '../log';
import { toLoggedSegmentResult, type LoggedSegmentResult } from './logged-segments';
import { itemError, readBatching } from './batch';
import {
	readable,
	readRecordKeys,
	UnreadableInput,
	readRecordOptions,
	type RecordKeysInput,
	type RecordOptions,
} from './input';
import {
	EFFECTIVE_SEGMENT_LINE_COLUMNS,
	EFFECTIVE_SEGMENT_LINE_FROM,
	readSegmentNo,
	segmentNotFound,
} from '../segments';

export { listLoggedSegmentEntries, type LoggedSegmentResult } from './logged-segments';

/** One segment to log, as a node gives it. */
export interface LogSegmentInput extends RecordKeysInput {
	readonly segmentNo: unknown;
}

/** What happened to one segment of a batch. */
export type LogSegmentOutcome =
	| { readonly status: 'logged'; readonly loggedSegment: LoggedSegmentResult }
	| { readonly status: 'failed'; readonly error: unknown }
	| { readonly status: 'rolledBack'; readonly causeIndex: number };

function alreadyLogged(segmentNo: string, loggedEntryNo: number) {
	return new InteractionLogError(
		'CONFLICT',
		`Segment ${segmentNo} was already logged (logged segment ${loggedEntryNo})`,
		{
			field: 'segmentNo',
			value: segmentNo,
			hint: 'A segment can be logged once. To get the logged segment back on a retry, give the same idempotency key.',
		},
	);
}

interface SegmentHeader {
	description: string;
	template_code: string | null;
	salesperson_code: string | null;
}

// Each check is an indexed probe, not a pass over every line: a line inherits the header's
// template and salesperson, so those are looked for only when the header has none, and
// privacy-blocked contacts are few, found through the (segment_no, contact_no) index.
const FIRST_BLOCKED_LINE = `
	select min(l.line_no) as line_no from contacts c
	join segment_lines l on l.segment_no = ? and l.contact_no = c.contact_no
	where c.privacy_blocked`;
const FIRST_LINE_WITHOUT_SALESPERSON = `
	select min(l.line_no) as line_no from segment_lines l
	join contacts c on c.contact_no = l.contact_no
	where l.segment_no = ? and l.salesperson_code is null and c.salesperson_code is null`;

async function firstLine(trx: Knex.Transaction, sql: string, segmentNo: string) {
	const { rows } = await trx.raw<{ rows: { line_no: number | null }[] }>(sql, [segmentNo]);
	return rows[0]?.line_no ?? null;
}

/**
 * Refuses a segment that cannot be logged (docs/domain.md#s6-3 step 1, docs/domain.md#s9-2), before
 * any write.
 */
async function checkLines(trx: Knex.Transaction, segmentNo: string, header: SegmentHeader) {
	const anyLine = await trx(SEGMENT_LINES_TABLE).where({ segment_no: segmentNo }).first('line_no');
	if (!anyLine) {
		throw validationError(
			'segmentNo',
			segmentNo,
			`Segment ${segmentNo} is empty`,
			'Add contacts to it first (Interaction Setup → Segment → Add Contacts).',
		);
	}
	const refuse = (lineNo: number | null, message: string, hint: string) => {
		if (lineNo === null) return;
		throw validationError(
			'segmentNo',
			segmentNo,
			`Line ${lineNo} of segment ${segmentNo} ${message}`,
			hint,
		);
	};
	if (header.template_code === null) {
		const line = await trx(SEGMENT_LINES_TABLE)
			.where({ segment_no: segmentNo })
			.whereNull('template_code')
			.min<{ line_no: number | null }>('line_no as line_no')
			.first();
		refuse(
			line?.line_no ?? null,
			'has no interaction template',
			'Assign a template to the segment or to the line.',
		);
	}
	refuse(
		await firstLine(trx, FIRST_BLOCKED_LINE, segmentNo),
		'is for a privacy-blocked contact',
		'Remove the line from the segment.',
	);
	if (header.salesperson_code === null) {
		refuse(
			await firstLine(trx, FIRST_LINE_WITHOUT_SALESPERSON, segmentNo),
			'has no salesperson',
			'Set a salesperson on the segment, the line or the contact.',
		);
	}
}

// The entries of a segment in one statement, with the values each line is logged with
// (lib/segments/effective.ts). A segment date is the start of that day in the workflow time zone.
const INSERT_SEGMENT_ENTRIES = `
	insert into interaction_log_entries (contact_no, contact_company_no, occurred_at, time_zone,
		template_code, group_code, description, subject, information_flow, initiated_by,
		correspondence_type, cost, duration_min, evaluation, attempt_failed, segment_no,
		logged_segment_entry_no, salesperson_code, campaign_no, campaign_target, campaign_response,
		language_code, recorded_by)
	select e.contact_no, e.contact_company_no,
		coalesce(e.interaction_date::timestamp at time zone ?, ?::timestamptz), ?,
		e.template_code, e.group_code, e.description, e.subject, e.information_flow, e.initiated_by,
		e.correspondence_type, e.cost, e.duration_min, e.evaluation, e.attempt_failed, e.segment_no,
		?, e.salesperson_code, e.campaign_no, e.campaign_target, e.campaign_response,
		e.language_code, ?
	from (
		select ${EFFECTIVE_SEGMENT_LINE_COLUMNS} from ${EFFECTIVE_SEGMENT_LINE_FROM}
		where l.segment_no = ?
	) e
	order by e.line_no`;

/**
 * Logs a segment (docs/domain.md#s6-3 `LogSegment`) in the caller's transaction: one logged
 * segment, one entry per line with the line's effective values (segment defaults, its own values,
 * the template's, docs/domain.md#s9-3 correspondence rules) written by one `INSERT … SELECT`, one
 * 'recorded' audit event for the logged segment, and then, as in Business Central, the segment and
 * its lines are deleted (the logged segment keeps the number, and the entries keep `segmentNo`). A
 * segment can be logged once; an empty one, a description left blank, or a line without template or
 * salesperson, or for a privacy-blocked contact, is refused. Given the idempotency key of an
 * earlier call for the same segment, the logged segment is returned with `duplicate: true`.
 */
export async function logSegment(
	trx: Knex.Transaction,
	input: LogSegmentInput,
	options: RecordOptions,
): Promise<LoggedSegmentResult> {
	const segmentNo = readSegmentNo(input.segmentNo);
	const { idempotencyKey, recordedBy } = readRecordKeys(input);
	const { timeZone, now } = readRecordOptions(options);
	if (idempotencyKey !== null) {
		const earlier = await trx(LOGGED_SEGMENTS_TABLE)
			.where({ idempotency_key: idempotencyKey })
			.first();
		if (earlier && earlier.segment_no === segmentNo) return toLoggedSegmentResult(earlier, true);
		if (earlier) {
			throw new InteractionLogError(
				'CONFLICT',
				`The idempotency key was used for segment ${earlier.segment_no}`,
				{
					field: 'idempotencyKey',
					value: idempotencyKey,
					hint: 'Give each segment its own key.',
				},
			);
		}
	}
	// Locked: a second call for the same segment waits, then finds it logged.
	const segment: SegmentHeader | undefined = await trx(SEGMENTS_TABLE)
		.where({ segment_no: segmentNo })
		.forUpdate()
		.first('description', 'template_code', 'salesperson_code');
	if (!segment) {
		const logged = await trx(LOGGED_SEGMENTS_TABLE).where({ segment_no: segmentNo }).first();
		throw logged ? alreadyLogged(segmentNo, Number(logged.entry_no)) : segmentNotFound(segmentNo);
	}
	if (String(segment.description).trim() === '') {
		throw validationError(
			'description',
			'',
			`Segment ${segmentNo} has no description`,
			'Give the segment a description before logging it (Interaction Setup → Segment → Update).',
		);
	}
	await checkLines(trx, segmentNo, segment);
	let logged: LoggedSegmentRow;
	try {
		[logged] = await trx(LOGGED_SEGMENTS_TABLE)
			.insert({
				segment_no: segmentNo,
				description: segment.description,
				entry_count: 0,
				idempotency_key: idempotencyKey,
				created_by: recordedBy,
			})
			.returning('*');
	} catch (error) {
		if (isUniqueViolation(error, 'logged_segments_segment_no_unique'))
			throw alreadyLogged(segmentNo, 0);
		throw error;
	}
	const loggedEntryNo = Number(logged.entry_no);
	const { rowCount } = await trx.raw<{ rowCount: number | null }>(INSERT_SEGMENT_ENTRIES, [
		timeZone,
		now.toISO(),
		timeZone,
		loggedEntryNo,
		recordedBy,
		segmentNo,
	]);
	const lines = Number(rowCount ?? 0);
	await trx(LOGGED_SEGMENTS_TABLE)
		.where({ entry_no: loggedEntryNo })
		.update({ entry_count: lines });
	await appendLogEvents(trx, [
		{
			eventType: 'recorded',
			loggedSegmentEntryNo: loggedEntryNo,
			actor: recordedBy,
			details: { segmentNo, entryCount: lines },
		},
	]);
	await trx(SEGMENT_LINES_TABLE).where({ segment_no: segmentNo }).delete();
	await trx(SEGMENTS_TABLE).where({ segment_no: segmentNo }).delete();
	return toLoggedSegmentResult({ ...logged, entry_count: lines }, false);
}

/**
 * Logs several segments in the chosen batching mode (see `logSegment`) through the library's
 * batch runner: `transaction` logs all or none, `independently` gives each segment its own
 * transaction and outcome.
 */
export async function logSegments(
	db: Knex,
	inputs: readonly (LogSegmentInput | UnreadableInput)[],
	options: RecordOptions,
): Promise<LogSegmentOutcome[]> {
	const batching = readBatching(options.batching);
	const outcomes = await runWriteBatch<{ loggedSegment: LoggedSegmentResult }>(
		db,
		{
			decided: inputs.map((input) =>
				input instanceof UnreadableInput ? { status: 'failed', error: input.error } : undefined,
			),
			async write(trx, indexes) {
				const written = new Map<
					number,
					{ duplicate: boolean; loggedSegment: LoggedSegmentResult }
				>();
				for (const index of indexes) {
					try {
						const loggedSegment = await logSegment(trx, readable(inputs[index]), options);
						written.set(index, { duplicate: loggedSegment.duplicate, loggedSegment });
					} catch (error) {
						throw isInteractionLogError(error) ? itemError(index, error) : error;
					}
				}
				return written;
			},
			itemsPerTransaction: 1,
			signal: options.signal,
		},
		batching,
	);
	return outcomes.map((outcome) =>
		outcome.status === 'recorded'
			? { status: 'logged', loggedSegment: outcome.loggedSegment }
			: (outcome as LogSegmentOutcome),
	);
}
