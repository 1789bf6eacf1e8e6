import fc from 'fast-check';
import type { Knex } from 'knex';
import type { INodeExecutionData, INodeParameters, NodeOperationError } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { addSegmentContacts, createSegment } from '../../lib/segments';
import { createGroup, createTemplate, setTemplateSetupSlot } from '../../lib/setup';
import { pollTrigger } from '../harness/poll';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries, seedLoggedSegment } from '../support/seed-log';
import { credentialOf, NODE_TYPES, PACKAGE_NAME, runNode } from '../support/workflow';

// Every node's parameters fed hostile values (through expressions, or item fields with
// Auto-Map): each item either succeeds or is a worded error naming its field, no message carries
// SQL, and an item that fails leaves every table as it was.

const hostile = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`),
	fc.constantFrom('\uD800', 'ok\uDC00', '😀'.repeat(101), 'x'.repeat(5000)),
	fc.constantFrom("'; drop table contacts; --", 'CT1" or 1=1 --', '$1', '?', '\\'),
	fc.constantFrom(1e16, 9_999_999_999_999_998, 1e10, 1e12, 2 ** 31, -1, -0.01, 0, 1e300),
	fc.constantFrom('1e16', 'NaN', 'Infinity', '-5', '12abc'),
	fc.constantFrom(null, {}, [], [1, 2], { a: { b: 1 } }, true, false),
	fc.constantFrom(
		'+099999-01-01T00:00:00Z',
		'0000-01-01',
		8.64e15,
		-8.64e15,
		1e11,
		99_999_999_999,
		'2026-02-30',
	),
);

const SQL = /\b(insert into|select .* from|update .* set|delete from)\b/i;

/** Checksums of every table of the log: equal before and after means nothing was written. */
async function checksums(db: Knex): Promise<Record<string, string>> {
	const tables: string[] = await db('information_schema.tables')
		.where({ table_schema: db.raw('current_schema()'), table_type: 'BASE TABLE' })
		.orderBy('table_name')
		.pluck('table_name');
	const sums: Record<string, string> = {};
	for (const table of tables) {
		const { rows } = await db.raw<{ rows: { sum: string | null }[] }>(
			`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ?? t`,
			[table],
		);
		sums[table] = rows[0].sum ?? '';
	}
	return sums;
}

/** Each item either worked or is an error naming its field (or rolled back), without SQL. */
function expectWorded(items: readonly INodeExecutionData[]) {
	for (const { json } of items) {
		if (json.error === undefined) continue;
		expect(String(json.error)).not.toMatch(SQL);
		expect(String(json.description ?? '')).not.toMatch(SQL);
		if (json.rolledBack === true) continue;
		expect({ error: json.error, field: json.errorField }).toEqual({
			error: json.error,
			field: expect.any(String),
		});
	}
}

describe.each(BACKENDS)('%s: every node parameter, hostile values', (backend) => {
	const t = useTestDatabase(backend);
	beforeAll(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'PHONE' });
		await createTemplate(t.db, { code: 'CALL', groupCode: 'PHONE', description: 'Call' });
		await upsertContacts(t.db, [{ contactNo: 'CT1', salespersonCode: 'JO' }]);
		await setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'CALL' });
		const segment = await seedLoggedSegment(t.db, 'LOGGED1');
		await seedEntries(t.db, [
			{ contactNo: 'CT1', templateCode: 'CALL', loggedSegmentEntryNo: segment },
			{
				contactNo: 'CT1',
				templateCode: 'CALL',
				documentKind: 'sales_invoice',
				documentNo: 'INV-1',
			},
		]);
	});

	/** A parameter reading the item field `field` through an expression. */
	const fromItem = (field: string) => `={{ $json.${field} }}`;
	const rlcFromItem = (field: string) => ({ __rl: true, mode: 'id', value: fromItem(field) });

	const RECORD_FIELDS = [
		'contactNo',
		'templateCode',
		'occurredAt',
		'description',
		'subject',
		'comment',
		'cost',
		'durationMin',
		'salespersonCode',
		'campaignNo',
		'opportunityNo',
		'languageCode',
		'contactVia',
		'evaluation',
		'correspondenceType',
		'attemptFailed',
		'idempotencyKey',
	];

	it('Record Interaction (Auto-Map, Transaction): recorded, or a worded error and no table changed', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...RECORD_FIELDS), hostile, async (field, value) => {
				const before = await checksums(t.db);
				const good = { contactNo: 'CT1', templateCode: 'CALL', description: 'ok' };
				const { items, error } = await runNode(
					t.config,
					'recordInteraction',
					{ target: 'contact', inputMode: 'autoMap' },
					{ items: [good, { ...good, [field]: value }, good], continueOnFail: true },
				);
				expect(error).toBeUndefined();
				expect(items).toHaveLength(3);
				expectWorded(items);
				if (items.some((item) => item.json.error !== undefined)) {
					// The item given the hostile value is the one named, with its field.
					expect(items[1].json).toMatchObject({ errorField: expect.any(String) });
					expect(items[0].json.rolledBack).toBe(true);
					expect(await checksums(t.db)).toEqual(before);
				}
			}),
			{ numRuns: 20 },
		);
	});

	it('Interaction Setup (template create): created, or a worded error naming the field and nothing written', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(
					'code',
					'description',
					'unitCost',
					'unitDurationMin',
					'campaignNo',
					'languageCode',
				),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const { items, error } = await runNode(
						t.config,
						'interactionSetup',
						{
							resource: 'template',
							operation: 'create',
							code: '={{ $json.code }}',
							groupCode: 'PHONE',
							description: '={{ $json.description }}',
							additionalFields: {
								unitCost: '={{ $json.unitCost }}',
								unitDurationMin: '={{ $json.unitDurationMin }}',
								campaignNo: '={{ $json.campaignNo }}',
								languageCode: '={{ $json.languageCode }}',
							},
						},
						{
							items: [{ code: 'PROP', description: 'Prop', unitCost: 1, [field]: value }],
							continueOnFail: true,
						},
					);
					expect(error).toBeUndefined();
					expectWorded(items);
					if (items[0].json.error !== undefined) expect(await checksums(t.db)).toEqual(before);
					else
						await t
							.db('interaction_templates')
							.where({ code: String(items[0].json.code) })
							.delete();
				},
			),
			{ numRuns: 12 },
		);
	});

	it('Purge Canceled and Query Log filters: a result, or a worded error naming the field', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(
					'canceledBefore',
					'occurredFrom',
					'entryNoFrom',
					'contactNo',
					'salespersonCode',
				),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const purge = await runNode(
						t.config,
						'purgeCanceled',
						{ filters: { [field]: `={{ $json.value }}` } },
						{ items: [{ value }], continueOnFail: true },
					);
					expect(purge.error).toBeUndefined();
					expectWorded(purge.items);
					if (purge.items[0].json.error !== undefined) {
						expect(await checksums(t.db)).toEqual(before);
					}
					const query = await runNode(
						t.config,
						'queryLog',
						{ operation: 'statistics', groupBy: 'month', dateFrom: '={{ $json.value }}' },
						{ items: [{ value }], continueOnFail: true },
					);
					expect(query.error).toBeUndefined();
					expectWorded(query.items);
				},
			),
			{ numRuns: 10 },
		);
	});

	it('Cancel Interaction (entry, logged segment, document, actor, reason): a result, or a worded error and no table changed', async () => {
		const loggedSegmentEntryNo = Number(
			(await t.db('logged_segments').where({ segment_no: 'LOGGED1' }).first('entry_no'))!.entry_no,
		);
		const by: Record<string, string> = {
			entryNos: 'entry',
			actor: 'entry',
			reason: 'entry',
			loggedSegmentEntryNo: 'loggedSegment',
			documentKind: 'document',
			documentNo: 'document',
			versionNo: 'document',
		};
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('cancel', 'restore'),
				fc.constantFrom(...Object.keys(by)),
				hostile,
				async (operation, field, value) => {
					const before = await checksums(t.db);
					const good = {
						entryNos: loggedSegmentEntryNo + 1,
						loggedSegmentEntryNo,
						documentKind: 'sales_invoice',
						documentNo: 'INV-1',
					};
					const { items, error } = await runNode(
						t.config,
						'cancelInteraction',
						{
							operation,
							by: by[field],
							entryNos: fromItem('entryNos'),
							loggedSegmentEntryNo: fromItem('loggedSegmentEntryNo'),
							documentKind: fromItem('documentKind'),
							documentNo: fromItem('documentNo'),
							options: {
								actor: fromItem('actor'),
								reason: fromItem('reason'),
								...(by[field] === 'document' ? { versionNo: fromItem('versionNo') } : {}),
							},
						},
						{ items: [{ ...good, [field]: value }], continueOnFail: true },
					);
					expect(error).toBeUndefined();
					expectWorded(items);
					if (items[0].json.error !== undefined) expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 14 },
		);
	});

	it('Apply Template (apply to items): a draft, or a worded error naming the field; nothing written', async () => {
		const ITEM_FIELDS = [
			'description',
			'cost',
			'durationMin',
			'informationFlow',
			'initiatedBy',
			'correspondenceType',
			'campaignNo',
			'campaignTarget',
			'campaignResponse',
			'languageCode',
			'occurredAt',
			'subject',
			'evaluation',
			'attemptFailed',
			'salespersonCode',
			'opportunityNo',
			'contactVia',
		];
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('templateCode', 'documentKind', 'contactNo', ...ITEM_FIELDS),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const good = { templateCode: 'CALL', documentKind: 'sales_invoice', contactNo: 'CT1' };
					const { items, error } = await runNode(
						t.config,
						'applyTemplate',
						{
							operation: 'applyToItems',
							templateFrom: field === 'documentKind' ? 'documentKind' : 'templateCode',
							templateCode: rlcFromItem('templateCode'),
							documentKind: rlcFromItem('documentKind'),
							contactNo: fromItem('contactNo'),
						},
						{ items: [good, { ...good, [field]: value }, good], continueOnFail: true },
					);
					expect(error).toBeUndefined();
					expect(items).toHaveLength(3);
					expectWorded(items);
					expect(items[0].json.error).toBeUndefined();
					expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 14 },
		);
	});

	it('Apply Template (assign to segment): assigned, or a worded error naming the field and nothing written', async () => {
		await createSegment(t.db, { segmentNo: 'SEGA' });
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('segmentNo', 'templateCode'),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const { items, error } = await runNode(
						t.config,
						'applyTemplate',
						{
							operation: 'assignToSegment',
							segmentNo: rlcFromItem('segmentNo'),
							templateCode: rlcFromItem('templateCode'),
						},
						{
							items: [{ segmentNo: 'SEGA', templateCode: 'CALL', [field]: value }],
							continueOnFail: true,
						},
					);
					expect(error).toBeUndefined();
					expectWorded(items);
					if (items[0].json.error !== undefined) expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 8 },
		);
	});

	it('Interaction Trigger (filters, max items per poll): items, or a worded error naming the field; nothing written', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('contactNo', 'groupCode', 'templateCode', 'maxItemsPerPoll'),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const parameters =
						field === 'maxItemsPerPoll'
							? { event: 'recorded', options: { maxItemsPerPoll: value } }
							: { event: 'recorded', filters: { [field]: value } };
					const polled = await pollTrigger(
						{
							id: 'trigger',
							name: 'Interaction Trigger',
							type: `${PACKAGE_NAME}.interactionTrigger`,
							typeVersion: 1,
							position: [0, 0],
							parameters: parameters as INodeParameters,
						},
						{
							nodeTypes: NODE_TYPES,
							credentials: { interactionLogDatabaseApi: credentialOf(t.config) },
							// Polled before up to entry 0: this poll reads the feed with these parameters.
							staticData: { 'node:Interaction Trigger': { lastEntryNo: 0 } },
						},
					).then(
						(result) => ({ result, error: undefined }),
						(error: NodeOperationError) => ({ result: undefined, error }),
					);
					if (polled.error) {
						expect(polled.error.message).not.toMatch(SQL);
						expect(polled.error.description).toMatch(/^Field: \w+\./);
					} else if (field === 'maxItemsPerPoll') {
						// Unfiltered, the cursor moves exactly to the last entry handed on: none skipped.
						const { items, staticData } = polled.result!;
						expect(items?.length).toBeGreaterThan(0);
						expect(staticData['node:Interaction Trigger']).toEqual({
							lastEntryNo: items!.at(-1)!.json.entryNo,
						});
					}
					expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 12 },
		);
	});

	it('Record Interaction (segment): logged, or a worded error naming the field and no table changed', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('segmentNo', 'idempotencyKey', 'actor'),
				hostile,
				async (field, value) => {
					run += 1;
					const segmentNo = `SEGP${run}`;
					await createSegment(t.db, { segmentNo, templateCode: 'CALL' });
					await addSegmentContacts(t.db, { segmentNo, contactNos: ['CT1'] });
					const before = await checksums(t.db);
					const { items, error } = await runNode(
						t.config,
						'recordInteraction',
						{
							target: 'segment',
							segmentNo: rlcFromItem('segmentNo'),
							options: { idempotencyKey: fromItem('idempotencyKey'), actor: fromItem('actor') },
						},
						{ items: [{ segmentNo, [field]: value }], continueOnFail: true },
					);
					expect(error).toBeUndefined();
					expectWorded(items);
					if (items[0].json.error !== undefined) expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 8 },
		);
	});

	it('Record Interaction (document event, Auto-Map, Transaction): recorded, or a worded error and no table changed', async () => {
		const DOCUMENT_FIELDS = [
			'documentKind',
			'documentNo',
			'versionNo',
			'docNoOccurrence',
			'contactNo',
			'relation',
			'externalNo',
			'email',
			'emailMatch',
			'newContact',
			'cost',
			'occurredAt',
			'description',
			'idempotencyKey',
			// The contact Unknown Contact: Create makes for a customer number not known yet.
			'newContact.contactNo',
			'newContact.type',
			'newContact.companyNo',
			'newContact.name',
			'newContact.email',
			'newContact.salespersonCode',
			'newContact.correspondenceType',
		];
		let run = 0;
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...DOCUMENT_FIELDS), hostile, async (field, value) => {
				run += 1;
				const before = await checksums(t.db);
				const good = { documentKind: 'sales_invoice', documentNo: 'INV-2', contactNo: 'CT1' };
				const [, sub] = field.split('.');
				const bad = sub
					? {
							documentKind: 'sales_invoice',
							documentNo: `INV-N${run}`,
							relation: 'customer',
							externalNo: `NEW-${run}`,
							newContact: { name: 'New customer', [sub]: value },
						}
					: { ...good, [field]: value };
				const { items, error } = await runNode(
					t.config,
					'recordInteraction',
					{ target: 'documentEvent', inputMode: 'autoMap', unknownContact: 'create' },
					{ items: [good, bad, good], continueOnFail: true },
				);
				expect(error).toBeUndefined();
				expect(items).toHaveLength(3);
				expectWorded(items);
				if (items.some((item) => item.json.error !== undefined)) {
					expect(items[1].json).toMatchObject({ errorField: expect.any(String) });
					expect(items[0].json.rolledBack).toBe(true);
					expect(await checksums(t.db)).toEqual(before);
				}
			}),
			{ numRuns: 14 },
		);
	});

	it('Interaction Setup (contact create or update, Auto-Map): written, or a worded error naming the field and nothing written', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(
					'contactNo',
					'type',
					'companyNo',
					'name',
					'email',
					'phone',
					'homePage',
					'correspondenceType',
					'salespersonCode',
					'privacyBlocked',
					'businessRelations',
					'businessRelations.relation',
					'businessRelations.externalNo',
				),
				hostile,
				async (field, value) => {
					const before = await checksums(t.db);
					const [, sub] = field.split('.');
					const contact = sub
						? { businessRelations: [{ relation: 'customer', externalNo: 'C-P', [sub]: value }] }
						: { [field]: value };
					const { items, error } = await runNode(
						t.config,
						'interactionSetup',
						{ resource: 'contact', operation: 'upsert', dataMode: 'autoMap' },
						{ items: [{ contactNo: 'CTP', name: 'Prop', ...contact }], continueOnFail: true },
					);
					expect(error).toBeUndefined();
					expectWorded(items);
					if (items[0].json.error !== undefined) expect(await checksums(t.db)).toEqual(before);
				},
			),
			{ numRuns: 12 },
		);
	});
});
