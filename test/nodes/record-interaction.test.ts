import { addSegmentContacts } from '../../lib/segments';
import { createSegment } from '../../lib/segments';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { recordedCounts, seedRecordingSetup } from '../support/record-fixtures';
import { byCode, runNode } from '../support/workflow';

const contactTarget = {
	target: 'contact',
	contactNo: byCode('={{ $json.contact }}'),
	templateCode: byCode('OUTCALL'),
	occurredAt: '={{ $json.at }}',
	additionalFields: { subject: '={{ $json.subject }}' },
	options: { idempotencyKey: '={{ $json.eventId }}' },
};

const invoiceEvent = {
	target: 'documentEvent',
	documentKind: byCode('={{ $json.kind }}'),
	documentNo: '={{ $json.invoiceNo }}',
	findContactBy: 'businessRelation',
	relation: 'customer',
	externalNo: '={{ $json.customerNo }}',
};

describe.each(BACKENDS)('%s: Record Interaction node', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedRecordingSetup(t.db);
	});

	it('records for contacts with the template defaults, paired to the items, times with offset', async () => {
		const { items, error } = await runNode(t.config, 'recordInteraction', contactTarget, {
			timezone: 'America/New_York',
			items: [
				{ contact: 'CT200', at: '2026-07-01T09:00:00', subject: 'Renewal' },
				{ contact: 'ct200', at: '2026-07-01T10:00:00Z' },
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({
			entryNo: 1,
			recorded: true,
			duplicate: false,
			contactNo: 'CT200',
			contactCompanyNo: 'CT100',
			templateCode: 'OUTCALL',
			groupCode: 'PHONE',
			description: 'Outgoing call',
			subject: 'Renewal',
			cost: 1.5,
			durationMin: 10,
			salespersonCode: 'JO',
			occurredAt: '2026-07-01T09:00:00.000-04:00',
			timeZone: 'America/New_York',
			recordedBy: expect.stringMatching(/^n8n workflow harness, execution /),
		});
		expect(items[1].json.occurredAt).toBe('2026-07-01T06:00:00.000-04:00');
		expect(items[0].json.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('copies the template at recording time: a later template change leaves old entries alone', async () => {
		const record = () =>
			runNode(t.config, 'recordInteraction', contactTarget, { items: [{ contact: 'CT200' }] });
		const before = await record();
		await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'update',
			templateCode: byCode('OUTCALL'),
			updateFields: { unitCost: 4, description: 'Sales call' },
		});
		const after = await record();
		expect([before.items[0].json, after.items[0].json].map((j) => [j.cost, j.description])).toEqual(
			[
				[1.5, 'Outgoing call'],
				[4, 'Sales call'],
			],
		);
		const stored = await t
			.db('interaction_log_entries')
			.orderBy('entry_no')
			.select('cost', 'description');
		expect(stored).toEqual([
			{ cost: 1.5, description: 'Outgoing call' },
			{ cost: 4, description: 'Sales call' },
		]);
	});

	it('makes one entry for a repeated idempotency key, and says the repeat is a duplicate', async () => {
		const run = () =>
			runNode(t.config, 'recordInteraction', contactTarget, {
				items: [
					{ contact: 'CT200', eventId: 'evt_1' },
					{ contact: 'CT200', eventId: 'evt_1' },
				],
			});
		const first = await run();
		const second = await run();
		expect(
			[...first.items, ...second.items].map((i) => [i.json.entryNo, i.json.duplicate]),
		).toEqual([
			[1, false],
			[1, true],
			[1, true],
			[1, true],
		]);
		expect((await recordedCounts(t.db)).entries).toBe(1);
	});

	it('in Transaction mode writes nothing when one item fails, and names the failing item', async () => {
		const items = [
			{ contact: 'CT200' },
			{ contact: 'CT200', at: 'tomorrow' },
			{ contact: 'CT200' },
		];
		const stopped = await runNode(t.config, 'recordInteraction', contactTarget, { items });
		expect(stopped.error).toMatchObject({
			message: expect.stringContaining('occurredAt is not a valid date and time'),
			itemIndex: 1,
		});
		const continued = await runNode(t.config, 'recordInteraction', contactTarget, {
			items,
			continueOnFail: true,
		});
		expect(continued.items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(continued.items[1].json).toMatchObject({
			errorCode: 'VALIDATION',
			errorField: 'occurredAt',
		});
		expect(continued.items[0].json).toMatchObject({
			error:
				'Not recorded: item 1 failed, and with Batching "Transaction" all items are recorded or none',
			rolledBack: true,
		});
		expect(continued.items[2].json.rolledBack).toBe(true);
		expect(await recordedCounts(t.db)).toMatchObject({ entries: 0, events: 0 });
	});

	it('in Independently mode records the good items and turns the bad one into an error item', async () => {
		const { items } = await runNode(
			t.config,
			'recordInteraction',
			{ ...contactTarget, options: { batching: 'independently' } },
			{
				items: [
					{ contact: 'CT200' },
					{ contact: 'CT300' },
					{ contact: 'CT999' },
					{ contact: 'CT200' },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((i) => i.json.recorded ?? i.json.errorCode)).toEqual([
			true,
			'BLOCKED',
			'NOT_FOUND',
			true,
		]);
		expect(items[1].json.error).toBe(
			'Contact CT300 is privacy-blocked: no interactions can be logged for it',
		);
		expect(items[2].json).toMatchObject({
			error: 'Contact CT999 does not exist',
			errorField: 'contactNo',
		});
		expect((await recordedCounts(t.db)).entries).toBe(2);
	});

	it('names an unknown template as the field to fix', async () => {
		const { error } = await runNode(
			t.config,
			'recordInteraction',
			{ ...contactTarget, templateCode: byCode('NOPE') },
			{ items: [{ contact: 'CT200' }] },
		);
		expect(error).toMatchObject({
			message: 'Interaction template NOPE does not exist',
			itemIndex: 0,
		});
		expect(error?.description).toContain('Field: templateCode');
	});

	it('records document events by customer number, once, and passes a kind without template through', async () => {
		const events = [
			{ kind: 'sales_invoice', invoiceNo: 'INV-1', customerNo: 'C10000' },
			{ kind: 'sales_quote', invoiceNo: 'Q-1', customerNo: 'C10000' },
			{ kind: 'sales_invoice', invoiceNo: 'INV-1', customerNo: 'C10000' },
		];
		const { items, error } = await runNode(t.config, 'recordInteraction', invoiceEvent, {
			items: events,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			recorded: true,
			duplicate: false,
			contactNo: 'CT100',
			templateCode: 'SINV',
			documentNo: 'INV-1',
		});
		expect(items[1].json).toEqual({
			...events[1],
			recorded: false,
			reason:
				'No template is set up for document kind sales_quote: set one with Interaction Setup → Template Setup, or leave it blank to skip these events.',
		});
		expect(items[2].json).toMatchObject({
			recorded: true,
			duplicate: true,
			entryNo: items[0].json.entryNo,
		});
	});

	it('refuses an event without a document number, naming the field, and records the others', async () => {
		const { items } = await runNode(
			t.config,
			'recordInteraction',
			{ ...invoiceEvent, options: { batching: 'independently' } },
			{
				items: [
					{ kind: 'sales_invoice', invoiceNo: 'INV-1', customerNo: 'C10000' },
					{ kind: 'sales_invoice', customerNo: 'C10000' },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((i) => [i.json.documentNo ?? i.json.errorField, i.pairedItem])).toEqual([
			['INV-1', { item: 0 }],
			['documentNo', { item: 1 }],
		]);
		expect(items[1].json).toMatchObject({
			error: 'documentNo is required: the document event names no document number',
			errorCode: 'VALIDATION',
		});
	});

	it.each([
		['error', { errorCode: 'NOT_FOUND', errorField: 'externalNo' }, 0],
		[
			'skip',
			{
				recorded: false,
				reason:
					'No contact holds customer number C777: the event was not recorded (Unknown Contact: Skip).',
			},
			0,
		],
		['create', { recorded: true, contactNo: 'CT777' }, 1],
	])('handles an unknown contact with "%s"', async (unknownContact, expected, contacts) => {
		const { items } = await runNode(
			t.config,
			'recordInteraction',
			{
				...invoiceEvent,
				unknownContact,
				newContact: { contactNo: '={{ "CT" + $json.customerNo.slice(1) }}', name: 'New customer' },
			},
			{
				items: [{ kind: 'sales_invoice', invoiceNo: 'INV-9', customerNo: 'C777' }],
				continueOnFail: true,
			},
		);
		expect(items[0].json).toMatchObject(expected);
		expect(await t.db('contacts').where({ contact_no: 'CT777' })).toHaveLength(contacts);
	});

	it('auto-maps input fields named like the entry fields, without expressions', async () => {
		const { items, error } = await runNode(
			t.config,
			'recordInteraction',
			{ target: 'documentEvent', inputMode: 'autoMap', options: { actor: 'importer' } },
			{
				timezone: 'Europe/Berlin',
				items: [
					{
						documentKind: 'Sales Invoice',
						documentNo: 'INV-7',
						relation: 'customer',
						externalNo: 'C10000',
						occurredAt: '2026-11-02T08:00:00',
						unrelated: 1,
					},
					{
						documentKind: 'sales_invoice',
						documentNo: 'INV-8',
						contactNo: 'CT200',
						idempotencyKey: 'evt-8',
						cost: 4,
					},
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			contactNo: 'CT100',
			documentNo: 'INV-7',
			occurredAt: '2026-11-02T08:00:00.000+01:00',
			recordedBy: 'importer',
			salespersonCode: null,
		});
		expect(items[1].json).toMatchObject({
			contactNo: 'CT200',
			idempotencyKey: 'evt-8',
			cost: 4,
			salespersonCode: 'JO',
		});
		const contact = await runNode(
			t.config,
			'recordInteraction',
			{ target: 'contact', inputMode: 'autoMap' },
			{
				items: [{ contactNo: 'CT200', templateCode: 'outcall', comment: 'Left a message' }],
				continueOnFail: true,
			},
		);
		expect(contact.items[0].json).toMatchObject({
			recorded: true,
			templateCode: 'OUTCALL',
			contactNo: 'CT200',
		});
	});

	it('logs a segment, and refuses an empty one', async () => {
		await createSegment(t.db, {
			segmentNo: 'SEG01',
			description: 'Mailing',
			templateCode: 'OUTCALL',
			salespersonCode: 'MK',
		});
		await addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT100', 'CT200'] });
		await createSegment(t.db, {
			segmentNo: 'EMPTY',
			description: 'Nobody',
			templateCode: 'OUTCALL',
		});
		const logged = await runNode(t.config, 'recordInteraction', {
			target: 'segment',
			segmentNo: byCode('SEG01'),
			segmentOutput: 'entries',
		});
		expect(logged.items.map((i) => [i.json.contactNo, i.json.segmentNo, i.pairedItem])).toEqual([
			['CT100', 'SEG01', { item: 0 }],
			['CT200', 'SEG01', { item: 0 }],
		]);
		const empty = await runNode(t.config, 'recordInteraction', {
			target: 'segment',
			segmentNo: byCode('EMPTY'),
		});
		expect(empty.error).toMatchObject({ message: 'Segment EMPTY is empty', itemIndex: 0 });
	});
});
