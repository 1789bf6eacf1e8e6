import { DateTime } from 'luxon';

import { listLoggedSegmentEntries, logSegments } from '../../lib/record';
import { addSegmentContacts } from '../../lib/segments';
import { createSegment, listEffectiveSegmentLines } from '../../lib/segments';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { recordedCounts, seedRecordingSetup } from '../support/record-fixtures';

const berlin = { timeZone: 'Europe/Berlin', now: DateTime.fromISO('2026-11-25T09:00:00Z') };

describe.each(BACKENDS)('%s: logSegments', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedRecordingSetup(t.db);
		await createSegment(t.db, {
			segmentNo: 'SEG01',
			description: 'Autumn mailing',
			templateCode: 'OUTCALL',
			salespersonCode: 'MK',
			interactionDate: '2026-10-01',
		});
		await addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT200', 'CT100'] });
	});

	it('writes one entry per line with its effective values, one logged segment, and deletes the segment', async () => {
		const expected = await listEffectiveSegmentLines(t.db, 'SEG01');
		const [outcome] = await logSegments(
			t.db,
			[{ segmentNo: 'seg01', recordedBy: 'tester' }],
			berlin,
		);
		expect(outcome).toMatchObject({
			status: 'logged',
			loggedSegment: {
				segmentNo: 'SEG01',
				description: 'Autumn mailing',
				entryCount: 2,
				duplicate: false,
				createdBy: 'tester',
			},
		});
		if (outcome.status !== 'logged') throw new Error('not logged');
		const entries = await listLoggedSegmentEntries(
			t.db,
			outcome.loggedSegment.loggedSegmentEntryNo,
		);
		expect(entries).toHaveLength(2);
		entries.forEach((entry, i) => {
			const line = expected[i];
			expect(entry).toMatchObject({
				contactNo: line.contactNo,
				contactCompanyNo: line.contactCompanyNo,
				templateCode: line.templateCode,
				groupCode: line.groupCode,
				description: line.description,
				correspondenceType: line.correspondenceType,
				cost: line.cost,
				durationMin: line.durationMin,
				salespersonCode: 'MK',
				segmentNo: 'SEG01',
				loggedSegmentEntryNo: outcome.loggedSegment.loggedSegmentEntryNo,
				occurredAt: '2026-10-01T00:00:00.000+02:00',
				recordedBy: 'tester',
			});
		});
		expect(entries.map((e) => e.correspondenceType)).toEqual(['email', 'hard_copy']);
		expect(await t.db('segments').count<{ count: string }[]>('* as count')).toEqual([{ count: 0 }]);
		expect(await t.db('segment_lines').count<{ count: string }[]>('* as count')).toEqual([
			{ count: 0 },
		]);
		expect(
			await t
				.db('interaction_log_events')
				.select('event_type', 'logged_segment_entry_no', 'entry_no'),
		).toEqual([
			{
				event_type: 'recorded',
				logged_segment_entry_no: outcome.loggedSegment.loggedSegmentEntryNo,
				entry_no: null,
			},
		]);
	});

	it('refuses to log a segment twice, unless the same idempotency key comes again', async () => {
		const [first] = await logSegments(
			t.db,
			[{ segmentNo: 'SEG01', idempotencyKey: 'run-7' }],
			berlin,
		);
		const [retry] = await logSegments(
			t.db,
			[{ segmentNo: 'SEG01', idempotencyKey: 'run-7' }],
			berlin,
		);
		const [again] = await logSegments(t.db, [{ segmentNo: 'SEG01' }], berlin);
		expect(first).toMatchObject({ status: 'logged', loggedSegment: { duplicate: false } });
		expect(retry).toMatchObject({
			status: 'logged',
			loggedSegment: { duplicate: true, entryCount: 2 },
		});
		expect(again).toMatchObject({
			status: 'failed',
			error: { code: 'CONFLICT', message: expect.stringContaining('was already logged') },
		});
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 2, loggedSegments: 1 });
	});

	it.each([
		['an empty segment', 'EMPTY', 'Segment EMPTY is empty'],
		['an unknown segment', 'NOPE', 'Segment NOPE does not exist'],
		['a line without salesperson', 'NOSP', 'Line 2 of segment NOSP has no salesperson'],
		['a line without template', 'NOTMPL', 'Line 1 of segment NOTMPL has no interaction template'],
		[
			'a line for a privacy-blocked contact',
			'BLOCKED',
			'Line 1 of segment BLOCKED is for a privacy-blocked contact',
		],
	])('refuses %s', async (_case, segmentNo, message) => {
		await createSegment(t.db, {
			segmentNo: 'EMPTY',
			description: 'Nobody',
			templateCode: 'OUTCALL',
		});
		await createSegment(t.db, {
			segmentNo: 'BLOCKED',
			description: 'Hidden',
			templateCode: 'OUTCALL',
		});
		await addSegmentContacts(t.db, { segmentNo: 'BLOCKED', contactNos: ['CT300'] });
		await createSegment(t.db, {
			segmentNo: 'NOSP',
			description: 'Nobody sells',
			templateCode: 'OUTCALL',
		});
		await addSegmentContacts(t.db, { segmentNo: 'NOSP', contactNos: ['CT200', 'CT100'] });
		await createSegment(t.db, {
			segmentNo: 'NOTMPL',
			description: 'No template',
			salespersonCode: 'MK',
		});
		await addSegmentContacts(t.db, { segmentNo: 'NOTMPL', contactNos: ['CT200'] });
		const [outcome] = await logSegments(t.db, [{ segmentNo }], berlin);
		expect(outcome).toMatchObject({ status: 'failed', error: { message } });
		expect((await recordedCounts(t.db)).loggedSegments).toBe(0);
	});

	it('in Transaction mode logs all segments or none', async () => {
		await createSegment(t.db, {
			segmentNo: 'EMPTY',
			description: 'Nobody',
			templateCode: 'OUTCALL',
		});
		const outcomes = await logSegments(
			t.db,
			[{ segmentNo: 'SEG01' }, { segmentNo: 'EMPTY' }],
			berlin,
		);
		expect(outcomes.map((o) => o.status)).toEqual(['rolledBack', 'failed']);
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 0, loggedSegments: 0 });
		expect(
			await t.db('segment_lines').where({ segment_no: 'SEG01' }).pluck('contact_no'),
		).toHaveLength(2);
		const independent = await logSegments(t.db, [{ segmentNo: 'SEG01' }, { segmentNo: 'EMPTY' }], {
			...berlin,
			batching: 'independently',
		});
		expect(independent.map((o) => o.status)).toEqual(['logged', 'failed']);
	});

	it("keeps an entry's logged segment number pointing at a logged segment, whoever writes (checked per statement)", async () => {
		const [outcome] = await logSegments(t.db, [{ segmentNo: 'SEG01' }], berlin);
		if (outcome.status !== 'logged') throw new Error('not logged');
		const loggedNo = outcome.loggedSegment.loggedSegmentEntryNo;
		const [entry] = await t.db('interaction_log_entries').select('entry_no');
		// Plain SQL naming a logged segment that does not exist: refused as the foreign key was.
		await expect(
			t
				.db('interaction_log_entries')
				.where({ entry_no: entry.entry_no })
				.update({ logged_segment_entry_no: loggedNo + 1000 }),
		).rejects.toMatchObject({
			code: '23503',
			constraint: 'interaction_log_entries_logged_segment_fk',
		});
		// Several numbers in one statement, one of them missing: refused too, naming the missing one.
		await expect(
			t.db.raw(
				`update interaction_log_entries
				set logged_segment_entry_no = case when entry_no = ? then ?::bigint else ?::bigint end`,
				[entry.entry_no, loggedNo, loggedNo + 7],
			),
		).rejects.toMatchObject({
			code: '23503',
			detail: expect.stringContaining(`=(${loggedNo + 7})`),
		});
		expect(
			await t.db('interaction_log_entries').whereNotNull('logged_segment_entry_no').count('* as n'),
		).toEqual([{ n: 2 }]);
		// Deleting the logged segment (never done by the package) leaves its entries without one.
		await t.db('logged_segments').where({ entry_no: loggedNo }).delete();
		expect(
			await t.db('interaction_log_entries').whereNotNull('logged_segment_entry_no').count('* as n'),
		).toEqual([{ n: 0 }]);
	});
});
