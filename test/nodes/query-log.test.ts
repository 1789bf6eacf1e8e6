import type { INodeParameters } from 'n8n-workflow';

import { appendLogEvents } from '../../lib/log';
import { upsertContacts } from '../../lib/contacts';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedComments, seedEntries } from '../support/seed-entries';
import { byCode, runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: Query Log node', (backend) => {
	const t = useTestDatabase(backend);
	let e: Record<'e1' | 'e2' | 'e3' | 'e4', number>;
	let loggedSegment: number;

	beforeEach(async () => {
		await resetData(t.db);
		[{ entry_no: loggedSegment }] = await t
			.db('logged_segments')
			.insert({ segment_no: 'SEG1' })
			.returning('entry_no');
		const [e1, e2, e3, e4] = await seedEntries(t.db, [
			{
				contact_no: 'P1',
				contact_company_no: 'C1',
				template_code: 'CALL',
				group_code: 'PHONE',
				salesperson_code: 'JO',
				campaign_no: 'CP1',
				segment_no: 'SEG1',
				logged_segment_entry_no: loggedSegment,
				document_kind: 'sales_invoice',
				document_no: 'INV-1',
				evaluation: 'positive',
				information_flow: 'inbound',
				initiated_by: 'them',
				subject: 'Quote follow-up',
				occurred_at: '2026-11-02T10:00:00Z',
				cost: 2,
			},
			{
				contact_no: 'P2',
				contact_company_no: 'C1',
				template_code: 'MEET',
				group_code: 'VISIT',
				salesperson_code: 'AL',
				attempt_failed: true,
				information_flow: 'outbound',
				initiated_by: 'us',
				description: 'Visit at the fair',
				occurred_at: '2026-11-03T22:30:00Z', // 23:30 on 3 November in Berlin
				cost: 4,
			},
			{
				contact_no: 'C1',
				contact_company_no: 'C1',
				occurred_at: '2026-11-04T10:00:00Z',
				canceled: true,
			},
			{
				contact_no: 'P9',
				contact_company_no: 'C9',
				template_code: 'MAIL',
				group_code: 'LETTER',
				document_kind: 'sales_quote',
				document_no: 'Q-7',
				occurred_at: '2026-11-05T10:00:00Z',
				cost: 8,
			},
			{ contact_no: 'P1', contact_company_no: 'C1', postponed: true },
		]);
		e = { e1, e2, e3, e4 };
	});

	const getMany = (filters: INodeParameters, options: INodeParameters = {}) =>
		runNode(
			t.config,
			'queryLog',
			{ operation: 'getMany', returnAll: true, filters, options },
			{ timezone: 'Europe/Berlin' },
		);

	it.each([
		[{}, ['e4', 'e2', 'e1']],
		[{ contactNo: 'p1' }, ['e1']],
		[{ contactNo: 'C1' }, []],
		[{ contactNo: 'C1', canceled: 'include' }, ['e3']],
		[{ contactNo: 'C1', includeCompanyPersons: true }, ['e2', 'e1']],
		[{ companyNo: 'C1' }, ['e2', 'e1']],
		[{ segmentNo: 'seg1' }, ['e1']],
		[{ loggedSegmentEntryNo: 'logged' }, ['e1']],
		[{ templateCode: 'call' }, ['e1']],
		[{ groupCode: 'VISIT' }, ['e2']],
		[{ salespersonCode: 'AL' }, ['e2']],
		[{ campaignNo: 'CP1' }, ['e1']],
		[{ documentKind: 'Sales Invoice' }, ['e1']],
		[{ documentNo: 'Q-7' }, ['e4']],
		[{ dateFrom: '2026-11-03', dateTo: '2026-11-03' }, ['e2']],
		[{ dateFrom: '2026-11-04T00:00:00' }, ['e4']],
		[{ canceled: 'only' }, ['e3']],
		[{ canceled: 'include' }, ['e4', 'e3', 'e2', 'e1']],
		[{ attemptFailed: 'true' }, ['e2']],
		[{ attemptFailed: 'false' }, ['e4', 'e1']],
		[{ evaluation: 'positive' }, ['e1']],
		[{ informationFlow: 'inbound' }, ['e1']],
		[{ initiatedBy: 'us' }, ['e2']],
		[{ search: 'FAIR' }, ['e2']],
		[{ search: 'quote' }, ['e1']],
	])('lists entries for the filters %j', async (filters, expected) => {
		const given: INodeParameters = Object.fromEntries(
			Object.entries(filters).map(([key, value]) => [
				key,
				value === 'logged' ? loggedSegment : value,
			]),
		);
		const { items, error } = await getMany(given);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.entryNo)).toEqual(
			expected.map((label) => e[label as keyof typeof e]),
		);
	});

	it('outputs entries with times in their own zone, paired to the item whose filters found them', async () => {
		const { items } = await runNode(
			t.config,
			'queryLog',
			{
				operation: 'getMany',
				limit: 1,
				filters: { contactNo: '={{ $json.contact }}' },
				options: { order: 'oldest_first' },
			},
			{ items: [{ contact: 'P1' }, { contact: 'P9' }, { contact: 'NOBODY' }] },
		);
		expect(items.map((item) => [item.json.entryNo, item.pairedItem])).toEqual([
			[e.e1, { item: 0 }],
			[e.e4, { item: 1 }],
		]);
		expect(items[0].json).toMatchObject({
			contactNo: 'P1',
			occurredAt: '2026-11-02T10:00:00.000Z',
			cost: 2,
			canceled: false,
		});
	});

	it('continues after a given entry, as a workflow paging on its own does', async () => {
		const { items } = await getMany({}, { afterEntryNo: e.e4 });
		expect(items.map((item) => item.json.entryNo)).toEqual([e.e2, e.e1]);
	});

	it('gets one entry with comments and events, and names the item of an unknown one', async () => {
		await seedComments(t.db, e.e1, ['Called back']);
		await t.db.transaction((trx) =>
			appendLogEvents(trx, [{ eventType: 'recorded', entryNo: e.e1, actor: 'ann' }]),
		);
		const { items } = await runNode(t.config, 'queryLog', {
			operation: 'get',
			entryNo: e.e1,
		});
		expect(items[0].json).toMatchObject({
			entryNo: e.e1,
			comments: [{ comment: 'Called back' }],
			events: [{ eventType: 'recorded', actor: 'ann' }],
		});
		const failed = await runNode(
			t.config,
			'queryLog',
			{ operation: 'get', entryNo: '={{ $json.no }}' },
			{ items: [{ no: e.e2 }, { no: 999 }], continueOnFail: true },
		);
		expect(failed.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(failed.items[1].json).toMatchObject({
			error: 'Interaction log entry 999 does not exist',
			errorCode: 'NOT_FOUND',
			errorField: 'entryNo',
		});
	});

	it('counts statistics by template and by day in the workflow time zone', async () => {
		const byTemplate = await runNode(t.config, 'queryLog', {
			operation: 'statistics',
			groupBy: 'template',
		});
		expect(byTemplate.items.map((item) => item.json)).toEqual([
			{
				groupBy: 'template',
				templateCode: 'CALL',
				name: null,
				noOfInteractions: 1,
				cost: 2,
				durationMin: 0,
			},
			expect.objectContaining({ templateCode: 'MAIL', cost: 8 }),
			expect.objectContaining({ templateCode: 'MEET', cost: 4 }),
		]);
		const byDay = await runNode(
			t.config,
			'queryLog',
			{ operation: 'statistics', groupBy: 'day', dateFrom: '2026-11-03', dateTo: '2026-11-04' },
			{ timezone: 'Europe/Berlin' },
		);
		expect(byDay.items.map((item) => item.json)).toEqual([
			{
				groupBy: 'day',
				period: '2026-11-03',
				periodStart: '2026-11-03T00:00:00.000+01:00',
				periodEnd: '2026-11-04T00:00:00.000+01:00',
				noOfInteractions: 1,
				cost: 4,
				durationMin: 0,
			},
		]);
	});

	it('names the field of a bad date filter', async () => {
		const { error } = await runNode(t.config, 'queryLog', {
			operation: 'statistics',
			groupBy: 'month',
			dateFrom: 'last tuesday',
		});
		expect(error).toMatchObject({ itemIndex: 0 });
		expect(error?.message).toContain('dateFrom is not a valid date and time');
		expect(error?.description).toContain('Field: dateFrom');
	});

	it('sums up each item’s contact in one go, an unknown one as an error item', async () => {
		await upsertContacts(t.db, [
			{ contactNo: 'C1', type: 'company', name: 'Cronus' },
			{ contactNo: 'P1', type: 'person', companyNo: 'C1', name: 'Ann' },
		]);
		const { items } = await runNode(
			t.config,
			'queryLog',
			{ operation: 'contactSummary', contactNo: byCode('={{ $json.no }}') },
			{ items: [{ no: 'C1' }, { no: 'NOPE' }, { no: 'P1' }], continueOnFail: true },
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({
			contactNo: 'C1',
			type: 'company',
			noOfInteractions: 2,
			cost: 6,
			dateOfLastInteraction: '2026-11-04',
			lastDateAttempted: '2026-11-03',
		});
		expect(items[1].json).toMatchObject({ errorCode: 'NOT_FOUND', errorField: 'contactNo' });
		expect(items[2].json).toMatchObject({ contactNo: 'P1', noOfInteractions: 1, cost: 2 });
	});
});
