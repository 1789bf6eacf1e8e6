import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { getDatabase } from '../../lib/db';
import { createGroup } from '../../lib/setup';
import { addSegmentContacts } from '../../lib/segments';
import { createSegment } from '../../lib/segments';
import { setTemplateSetupSlot } from '../../lib/setup';
import { createTemplate } from '../../lib/setup';
import { toConnectionConfig } from '../../nodes/shared/connection';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { byCode, credentialOf, runNode } from '../support/workflow';

const byTemplate = (code: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'applyToItems',
	templateFrom: 'templateCode',
	templateCode: byCode(code),
	...extra,
});

const byKind = (kind: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'applyToItems',
	templateFrom: 'documentKind',
	documentKind: byCode(kind),
	...extra,
});

describe.each(BACKENDS)('%s: Apply Template node', (backend) => {
	const t = useTestDatabase(backend);
	const apply = (parameters: INodeParameters, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'applyTemplate', parameters, { timezone: 'Europe/Berlin', ...options });

	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'PHONE' });
		await createGroup(t.db, { code: 'SALES' });
		await createTemplate(t.db, {
			code: 'OUTCALL',
			groupCode: 'PHONE',
			description: 'Outgoing call',
			unitCost: 1.5,
			unitDurationMin: 10,
			informationFlow: 'outbound',
			initiatedBy: 'us',
			correspondenceType: 'hard_copy',
			campaignNo: 'CP1001',
			campaignTarget: true,
		});
		await createTemplate(t.db, {
			code: 'SINV',
			groupCode: 'SALES',
			description: 'Sales invoice',
			correspondenceType: 'email',
			informationFlow: 'outbound',
		});
		await setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'SINV' });
		await upsertContacts(t.db, [
			{ contactNo: 'CT100', name: 'Adatum', email: 'info@adatum.example' },
			{
				contactNo: 'CT101',
				companyNo: 'CT100',
				name: 'Ann Lee',
				email: 'ann@adatum.example',
				correspondenceType: 'email',
				salespersonCode: 'JO',
			},
			{ contactNo: 'CT102', companyNo: 'CT100', name: 'Blocked', privacyBlocked: true },
		]);
	});

	describe('apply to items', () => {
		it("merges the template's defaults and the contact's values onto each item: a complete draft", async () => {
			const { items, error } = await apply(byTemplate('outcall'), {
				items: [{ contactNo: 'CT101', occurredAt: '2026-11-25T14:30:00', ticket: 'T-7' }],
			});
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{
					json: {
						ticket: 'T-7',
						contactNo: 'CT101',
						contactCompanyNo: 'CT100',
						occurredAt: '2026-11-25T14:30:00.000+01:00',
						timeZone: 'Europe/Berlin',
						templateCode: 'OUTCALL',
						groupCode: 'PHONE',
						description: 'Outgoing call',
						subject: null,
						informationFlow: 'outbound',
						initiatedBy: 'us',
						// The contact prefers e-mail and the template does not ignore that
						// (docs/domain.md#s9-3).
						correspondenceType: 'email',
						cost: 1.5,
						durationMin: 10,
						evaluation: null,
						attemptFailed: false,
						salespersonCode: 'JO',
						campaignNo: 'CP1001',
						campaignTarget: true,
						campaignResponse: false,
						opportunityNo: null,
						languageCode: null,
						contactVia: null,
						templateApplied: true,
					},
					pairedItem: { item: 0 },
				},
			]);
		});

		it('lets values already on the item win by default, and the template win when asked', async () => {
			const item = {
				contactNo: 'CT100',
				description: 'Call about the renewal',
				cost: '4.5',
				informationFlow: 'Inbound',
				subject: 'Renewal',
			};
			const itemsWin = await apply(byTemplate('OUTCALL'), { items: [item] });
			expect(itemsWin.items[0].json).toMatchObject({
				description: 'Call about the renewal',
				cost: 4.5,
				informationFlow: 'inbound',
				subject: 'Renewal',
			});

			const templateWins = await apply(
				byTemplate('OUTCALL', { options: { itemValuesWin: false } }),
				{
					items: [item],
				},
			);
			expect(templateWins.items[0].json).toMatchObject({
				description: 'Outgoing call',
				cost: 1.5,
				informationFlow: 'outbound',
				// No template has a subject: the item's stays.
				subject: 'Renewal',
			});
		});

		it('builds a draft without contact when the item has none', async () => {
			const { items } = await apply(byTemplate('OUTCALL'), { items: [{}] });
			expect(items[0].json).toMatchObject({
				contactNo: null,
				contactCompanyNo: null,
				correspondenceType: 'hard_copy',
				templateApplied: true,
			});
		});

		it('finds the template through the template setup; a blank slot passes the item through', async () => {
			const { items, error } = await apply(byKind('={{ $json.kind }}', { contactNo: 'CT100' }), {
				items: [
					{ kind: 'sales_invoice', documentNo: 'INV-1' },
					{ kind: 'Sales Quote', documentNo: 'Q-1' },
				],
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				documentNo: 'INV-1',
				templateCode: 'SINV',
				groupCode: 'SALES',
				contactNo: 'CT100',
				correspondenceType: 'email',
				templateApplied: true,
			});
			expect(items[1]).toEqual({
				json: {
					kind: 'Sales Quote',
					documentNo: 'Q-1',
					templateApplied: false,
					documentKind: 'sales_quote',
					reason:
						'The template setup has no template for sales_quote: documents of this kind are not recorded',
				},
				pairedItem: { item: 1 },
			});
		});

		it.each([
			[
				'an unknown template',
				byTemplate('={{ $json.template || "OUTCALL" }}'),
				{ template: 'NOPE' },
				'Interaction template NOPE does not exist',
				'templateCode',
			],
			[
				'an unknown document kind',
				byKind('={{ $json.kind || "sales_invoice" }}'),
				{ kind: 'webinar_registration' },
				'The template setup has no document kind "webinar_registration"',
				'kind',
			],
			[
				'an unknown contact',
				byTemplate('OUTCALL'),
				{ contactNo: 'CT999' },
				'Contact CT999 does not exist',
				'contactNo',
			],
			[
				'a negative cost on the item',
				byTemplate('OUTCALL'),
				{ cost: -2 },
				'cost must not be negative, got -2',
				'cost',
			],
			[
				'a wrong enumeration value on the item',
				byTemplate('OUTCALL'),
				{ correspondenceType: 'pigeon' },
				'correspondenceType "pigeon" is not one of: hard_copy, email, fax',
				'correspondenceType',
			],
			[
				'a description over its limit',
				byTemplate('OUTCALL'),
				{ description: 'x'.repeat(101) },
				'description is 101 characters long; at most 100 are allowed',
				'description',
			],
			[
				'a privacy-blocked contact',
				byTemplate('OUTCALL'),
				{ contactNo: 'CT102' },
				'Contact CT102 is privacy-blocked: no interactions can be logged for it',
				'contactNo',
			],
		])('names the item and field of %s', async (_case, parameters, bad, message, field) => {
			const { error } = await apply(parameters, { items: [{}, bad] });
			expect(error).toMatchObject({ message, itemIndex: 1 });
			expect(error?.description).toContain(`Field: ${field}`);
		});

		it('with continueOnFail pairs an error item to each bad item and applies the others', async () => {
			const { items, error } = await apply(byTemplate('OUTCALL'), {
				continueOnFail: true,
				items: [
					{ contactNo: 'CT100' },
					{ contactNo: 'CT999' },
					{ contactNo: 'CT101', evaluation: 'great' },
					{ contactNo: 'CT101', evaluation: 'positive' },
				],
			});
			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			expect(items.map((item) => item.json.errorField ?? item.json.templateApplied)).toEqual([
				true,
				'contactNo',
				'evaluation',
				true,
			]);
		});

		it('reads the setup, the templates and the contacts of 1,000 items in three queries', async () => {
			const nodeDb = await getDatabase(
				toConnectionConfig(credentialOf(t.config) as ICredentialDataDecryptedObject),
			);
			const statements: string[] = [];
			const count = (query: { sql: string }) => statements.push(query.sql);
			nodeDb.on('query', count);
			try {
				const { items, error } = await apply(byKind('={{ $json.kind }}'), {
					items: Array.from({ length: 1000 }, (_, i) => ({
						kind: 'sales_invoice',
						contactNo: i % 2 ? 'CT100' : 'CT101',
					})),
				});
				expect(error).toBeUndefined();
				expect(items.filter((item) => item.json.templateCode === 'SINV')).toHaveLength(1000);
			} finally {
				nodeDb.removeListener('query', count);
			}
			expect(statements).toHaveLength(3);
		});
	});

	describe('assign to segment', () => {
		const assign = (segmentNo: string, templateCode: string) =>
			apply({
				operation: 'assignToSegment',
				segmentNo: byCode(segmentNo),
				templateCode: byCode(templateCode),
			});

		beforeEach(async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', templateCode: 'SINV' });
			await addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT100', 'CT101'] });
		});

		it("copies the template's defaults onto the segment; lines that followed the old one follow", async () => {
			await t
				.db('segment_lines')
				.where({ segment_no: 'SEG01', contact_no: 'CT100' })
				.update({ template_code: 'SINV', cost: 3 });
			const { items, error } = await assign('SEG01', 'outcall');
			expect(error).toBeUndefined();
			expect(items[0]).toMatchObject({
				json: {
					segmentNo: 'SEG01',
					templateCode: 'OUTCALL',
					groupCode: 'PHONE',
					description: 'Sales invoice',
					unitCost: 1.5,
					unitDurationMin: 10,
					correspondenceType: 'hard_copy',
					linesUpdated: 2,
				},
				pairedItem: { item: 0 },
			});
			expect(
				await t.db('segment_lines').orderBy('line_no').select('template_code', 'cost'),
			).toEqual([
				{ template_code: null, cost: null },
				{ template_code: null, cost: null },
			]);
		});

		it('refuses an unknown template or segment, naming the field, and changes nothing', async () => {
			const template = await assign('SEG01', 'NOPE');
			expect(template.error).toMatchObject({
				message: 'Interaction template NOPE does not exist',
				itemIndex: 0,
			});
			expect(template.error?.description).toContain('Field: templateCode');
			const segment = await assign('SEG99', 'OUTCALL');
			expect(segment.error?.message).toBe('Segment SEG99 does not exist');
			expect(await t.db('segments').pluck('template_code')).toEqual(['SINV']);
		});
	});
});
