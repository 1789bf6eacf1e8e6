import { DateTime } from 'luxon';

import { listEntryEvents } from '../../lib/log';
import {
	recordContactInteractions,
	recordDocumentEvents,
	type RecordOutcome,
} from '../../lib/record';
import { updateTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { recordedCounts, seedRecordingSetup } from '../support/record-fixtures';

const berlin = { timeZone: 'Europe/Berlin', now: DateTime.fromISO('2026-11-25T09:00:00Z') };
const call = { contactNo: 'CT200', templateCode: 'OUTCALL' };

function recorded(outcome: RecordOutcome) {
	if (outcome.status !== 'recorded')
		throw new Error(`expected recorded, got ${JSON.stringify(outcome)}`);
	return outcome;
}

describe.each(BACKENDS)('%s: recordContactInteractions', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedRecordingSetup(t.db);
	});

	it('copies the template defaults, the company and the salesperson of the contact', async () => {
		const [outcome] = await recordContactInteractions(
			t.db,
			[{ ...call, subject: 'Renewal', comment: 'Call back in May', recordedBy: 'tester' }],
			berlin,
		);
		const { entry, duplicate } = recorded(outcome);
		expect(duplicate).toBe(false);
		expect(entry).toMatchObject({
			contactNo: 'CT200',
			contactCompanyNo: 'CT100',
			templateCode: 'OUTCALL',
			groupCode: 'PHONE',
			description: 'Outgoing call',
			subject: 'Renewal',
			cost: 1.5,
			durationMin: 10,
			informationFlow: 'outbound',
			initiatedBy: 'us',
			correspondenceType: 'email',
			campaignNo: 'CP1001',
			campaignTarget: true,
			salespersonCode: 'JO',
			occurredAt: '2026-11-25T10:00:00.000+01:00',
			timeZone: 'Europe/Berlin',
			recordedBy: 'tester',
			canceled: false,
		});
		expect(await t.db('interaction_log_comments').select('entry_no', 'line_no', 'comment')).toEqual(
			[{ entry_no: entry.entryNo, line_no: 1, comment: 'Call back in May' }],
		);
		expect(await listEntryEvents(t.db, entry.entryNo)).toMatchObject([
			{ eventType: 'recorded', entryNo: entry.entryNo, actor: 'tester' },
		]);
	});

	it('keeps the copied values when the template changes later', async () => {
		const [first] = await recordContactInteractions(t.db, [call], berlin);
		await updateTemplate(t.db, { code: 'OUTCALL', unitCost: 9, description: 'Changed' });
		const [second] = await recordContactInteractions(t.db, [call], berlin);
		const rows = await t
			.db('interaction_log_entries')
			.orderBy('entry_no')
			.select('cost', 'description');
		expect(rows).toEqual([
			{ cost: 1.5, description: 'Outgoing call' },
			{ cost: 9, description: 'Changed' },
		]);
		expect(recorded(first).entry.entryNo).toBeLessThan(recorded(second).entry.entryNo);
	});

	it('reads a date without offset in the workflow time zone', async () => {
		const [outcome] = await recordContactInteractions(
			t.db,
			[{ ...call, occurredAt: '2026-07-01T14:30:00' }],
			berlin,
		);
		expect(recorded(outcome).entry.occurredAt).toBe('2026-07-01T14:30:00.000+02:00');
		const [{ utc }] = (
			await t.db.raw(
				`select to_char(occurred_at at time zone 'UTC', 'HH24:MI') as utc from interaction_log_entries`,
			)
		).rows;
		expect(utc).toBe('12:30');
	});

	it('writes one entry for a repeated idempotency key, in one batch and across calls', async () => {
		const items = [
			{ ...call, idempotencyKey: 'evt_1' },
			{ ...call, idempotencyKey: 'evt_1', subject: 'retry' },
		];
		const outcomes = await recordContactInteractions(t.db, items, berlin);
		const again = await recordContactInteractions(t.db, [items[0]], berlin);
		const all = [...outcomes, ...again].map(recorded);
		expect(all.map((o) => o.duplicate)).toEqual([false, true, true]);
		expect(new Set(all.map((o) => o.entry.entryNo)).size).toBe(1);
		expect(all[1].entry.subject).toBeNull();
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 1, events: 1 });
	});

	it('in Transaction mode writes nothing when one item fails, and says why for each', async () => {
		const outcomes = await recordContactInteractions(
			t.db,
			[call, { ...call, occurredAt: 'not a date' }, call],
			berlin,
		);
		expect(outcomes).toEqual([
			{ status: 'rolledBack', causeIndex: 1 },
			{
				status: 'failed',
				error: expect.objectContaining({
					code: 'VALIDATION',
					details: expect.objectContaining({ field: 'occurredAt' }),
				}),
			},
			{ status: 'rolledBack', causeIndex: 1 },
		]);
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 0, events: 0 });
	});

	it('in Independently mode writes the good items and fails the bad one', async () => {
		const outcomes = await recordContactInteractions(
			t.db,
			[
				call,
				{ ...call, templateCode: 'NOPE' },
				{ ...call, contactNo: 'CT100', salespersonCode: 'mk' },
			],
			{ ...berlin, batching: 'independently' },
		);
		expect(outcomes.map((o) => o.status)).toEqual(['recorded', 'failed', 'recorded']);
		expect(recorded(outcomes[2]).entry).toMatchObject({
			contactCompanyNo: 'CT100',
			correspondenceType: 'hard_copy',
			salespersonCode: 'MK',
		});
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 2, events: 2 });
	});

	it.each([
		[{ templateCode: 'NOPE' }, 'NOT_FOUND', 'templateCode'],
		[{ contactNo: 'CT999' }, 'NOT_FOUND', 'contactNo'],
		[{ contactNo: 'CT300' }, 'BLOCKED', 'contactNo'],
		[{ occurredAt: '31.12.2026' }, 'VALIDATION', 'occurredAt'],
		[{ contactNo: 'CT100' }, 'VALIDATION', 'salespersonCode'],
		[{ cost: -2 }, 'VALIDATION', 'cost'],
	])('refuses %j with %s on %s', async (change, code, field) => {
		const [outcome] = await recordContactInteractions(t.db, [{ ...call, ...change }], berlin);
		expect(outcome).toEqual({
			status: 'failed',
			error: expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
		});
		expect((await recordedCounts(t.db)).entries).toBe(0);
	});
});

const invoice = {
	documentKind: 'sales_invoice',
	documentNo: 'INV-1001',
	relation: 'customer',
	externalNo: 'C10000',
};

describe.each(BACKENDS)('%s: recordDocumentEvents', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedRecordingSetup(t.db);
	});

	it('records with the template of the setup and finds the contact by customer number', async () => {
		const [outcome] = await recordDocumentEvents(
			t.db,
			[{ ...invoice, versionNo: 2, description: 'Invoice INV-1001' }],
			berlin,
		);
		expect(recorded(outcome).entry).toMatchObject({
			contactNo: 'CT100',
			contactCompanyNo: 'CT100',
			templateCode: 'SINV',
			groupCode: 'SALES',
			description: 'Invoice INV-1001',
			documentKind: 'sales_invoice',
			documentNo: 'INV-1001',
			versionNo: 2,
			docNoOccurrence: 0,
			cost: 0.8,
			salespersonCode: null,
		});
	});

	it('records the same document event once, however often it arrives', async () => {
		const byNumber = { ...invoice, relation: undefined, externalNo: undefined, contactNo: 'ct100' };
		const first = await recordDocumentEvents(t.db, [invoice, byNumber], berlin);
		const again = await recordDocumentEvents(t.db, [invoice, { ...invoice, versionNo: 1 }], berlin);
		expect([...first, ...again].map((o) => recorded(o).duplicate)).toEqual([
			false,
			true,
			true,
			false,
		]);
		expect((await recordedCounts(t.db)).entries).toBe(2);
	});

	it('skips a kind with no template set up, with the reason, and fails an unknown kind', async () => {
		const outcomes = await recordDocumentEvents(
			t.db,
			[
				{ ...invoice, documentKind: 'sales_quote' },
				{ ...invoice, documentKind: 'sales_invoices_x' },
			],
			{ ...berlin, batching: 'independently' },
		);
		expect(outcomes[0]).toEqual({
			status: 'skipped',
			reason:
				'No template is set up for document kind sales_quote: set one with Interaction Setup → Template Setup, or leave it blank to skip these events.',
		});
		expect(outcomes[1]).toMatchObject({
			status: 'failed',
			error: { code: 'NOT_FOUND', details: { field: 'documentKind' } },
		});
	});

	it('handles an unknown contact as an error, a skip, or a new contact', async () => {
		const unknown = { ...invoice, externalNo: 'C20000' };
		const [error] = await recordDocumentEvents(t.db, [unknown], berlin);
		expect(error).toMatchObject({
			status: 'failed',
			error: { code: 'NOT_FOUND', details: { field: 'externalNo' } },
		});
		const [skip] = await recordDocumentEvents(t.db, [unknown], {
			...berlin,
			unknownContact: 'skip',
		});
		expect(skip).toEqual({
			status: 'skipped',
			reason:
				'No contact holds customer number C20000: the event was not recorded (Unknown Contact: Skip).',
		});
		const created = await recordDocumentEvents(
			t.db,
			[
				{ ...unknown, newContact: { contactNo: 'ct500', name: 'Fabrikam', salespersonCode: 'mk' } },
				{
					...unknown,
					documentNo: 'INV-1002',
					newContact: { contactNo: 'CT500', name: 'Fabrikam' },
				},
			],
			{ ...berlin, unknownContact: 'create' },
		);
		expect(created.map((o) => recorded(o).entry.contactNo)).toEqual(['CT500', 'CT500']);
		expect(recorded(created[0]).entry.salespersonCode).toBe('MK');
		const relation = await t
			.db('contact_business_relations')
			.where({ external_no: 'C20000' })
			.first();
		expect(relation).toMatchObject({ relation: 'customer', contact_no: 'CT500' });
	});

	it('rolls the created contact back with the batch in Transaction mode', async () => {
		const outcomes = await recordDocumentEvents(
			t.db,
			[
				{ ...invoice, externalNo: 'C20000', newContact: { contactNo: 'CT500', name: 'Fabrikam' } },
				{ ...invoice, documentKind: 'nope_kind' },
			],
			{ ...berlin, unknownContact: 'create' },
		);
		expect(outcomes.map((o) => o.status)).toEqual(['rolledBack', 'failed']);
		expect(await t.db('contacts').where({ contact_no: 'CT500' }).first()).toBeUndefined();
	});

	it('in Independently mode retries item by item when the batch write fails, so only the bad item fails', async () => {
		const outcomes = await recordDocumentEvents(
			t.db,
			[
				{
					...invoice,
					externalNo: 'C60000',
					newContact: { contactNo: 'CT600', type: 'person', companyNo: 'NOPE' },
				},
				{ ...invoice, documentNo: 'INV-2' },
				{
					...invoice,
					externalNo: 'C70000',
					documentNo: 'INV-3',
					newContact: { contactNo: 'CT700', name: 'Contoso' },
				},
			],
			{ ...berlin, unknownContact: 'create', batching: 'independently' },
		);
		expect(outcomes.map((o) => o.status)).toEqual(['failed', 'recorded', 'recorded']);
		expect(outcomes[0]).toMatchObject({
			error: { code: 'NOT_FOUND', details: { field: 'companyNo' } },
		});
		expect(
			await t.db('contacts').whereIn('contact_no', ['CT600', 'CT700']).pluck('contact_no'),
		).toEqual(['CT700']);
		expect((await recordedCounts(t.db)).entries).toBe(2);
	});

	it('refuses an event without a document number, naming the field', async () => {
		const [outcome] = await recordDocumentEvents(t.db, [{ ...invoice, documentNo: ' ' }], berlin);
		expect(outcome).toMatchObject({
			status: 'failed',
			error: { code: 'VALIDATION', details: { field: 'documentNo' } },
		});
		expect((await recordedCounts(t.db)).entries).toBe(0);
	});

	it('refuses a privacy-blocked contact', async () => {
		const [outcome] = await recordDocumentEvents(
			t.db,
			[{ documentKind: 'sales_invoice', documentNo: 'X1', contactNo: 'CT300' }],
			berlin,
		);
		expect(outcome).toMatchObject({ status: 'failed', error: { code: 'BLOCKED' } });
	});

	it('writes more items than one statement takes, and finds them all again', async () => {
		const events = Array.from({ length: 5100 }, (_e, i) => ({
			...invoice,
			documentNo: `INV-${i}`,
		}));
		const first = await recordDocumentEvents(t.db, events, berlin);
		expect(first.filter((o) => o.status === 'recorded' && !o.duplicate)).toHaveLength(5100);
		const again = await recordDocumentEvents(t.db, events, berlin);
		expect(
			again.every((o, i) => recorded(o).duplicate && recorded(o).entry.documentNo === `INV-${i}`),
		).toBe(true);
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 5100, events: 5100 });
	});
});
