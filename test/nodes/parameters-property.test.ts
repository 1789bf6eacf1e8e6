import fc from 'fast-check';
import type { Knex } from 'knex';
import type { INodeExecutionData } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { createGroup, createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { runNode } from '../support/workflow';

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
	});

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
});
