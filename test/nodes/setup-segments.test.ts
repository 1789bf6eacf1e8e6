import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { createGroup } from '../../lib/setup';
import { addSegmentContacts } from '../../lib/segments';
import { createSegment } from '../../lib/segments';
import { createTemplate } from '../../lib/setup';
import { searchSegments } from '../../nodes/shared/methods/listSearch';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { byCode, credentialOf, runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: Interaction Setup node, segments', (backend) => {
	const t = useTestDatabase(backend);
	const segment = (parameters: IDataObject, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'interactionSetup', { resource: 'segment', ...parameters }, options);
	const segmentNos = async () => await t.db('segments').orderBy('segment_no').pluck('segment_no');
	const lineContacts = async (segmentNo: string) =>
		await t
			.db('segment_lines')
			.where({ segment_no: segmentNo })
			.orderBy('line_no')
			.pluck('contact_no');

	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'LETTER' });
		await createTemplate(t.db, {
			code: 'LETTER',
			groupCode: 'LETTER',
			description: 'Letter',
			unitCost: 1.5,
			unitDurationMin: 10,
			informationFlow: 'outbound',
			initiatedBy: 'us',
			correspondenceType: 'hard_copy',
		});
		await createTemplate(t.db, { code: 'MEET', groupCode: 'LETTER', description: 'Meeting' });
		await upsertContacts(t.db, [
			{ contactNo: 'CT100', name: 'Adatum', email: 'info@adatum.example' },
			{
				contactNo: 'CT101',
				companyNo: 'CT100',
				name: 'Ann Lee',
				email: 'ann@adatum.example',
				correspondenceType: 'email',
			},
			{ contactNo: 'CT102', companyNo: 'CT100', name: 'Carl Diaz' },
			{ contactNo: 'CT200', name: 'Fabrikam' },
		]);
	});

	describe('create, update, get, get many, delete', () => {
		it('creates a segment from a template: its defaults are copied and the fields given win', async () => {
			const { items, error } = await segment(
				{
					operation: 'create',
					segmentNo: '={{ $json.no }}',
					templateCode: byCode('letter'),
					additionalFields: {
						subject: '={{ $json.subject }}',
						unitCost: 3,
						salespersonCode: 'js',
						campaignNo: 'CP1001',
						interactionDate: '2026-12-01T00:00:00',
					},
				},
				{ items: [{ no: 'seg01', subject: 'Christmas mailing' }] },
			);
			expect(error).toBeUndefined();
			expect(items[0]).toMatchObject({
				json: {
					segmentNo: 'SEG01',
					description: 'Letter',
					templateCode: 'LETTER',
					groupCode: 'LETTER',
					subject: 'Christmas mailing',
					unitCost: 3,
					unitDurationMin: 10,
					informationFlow: 'outbound',
					correspondenceType: 'hard_copy',
					salespersonCode: 'JS',
					campaignNo: 'CP1001',
					interactionDate: '2026-12-01',
					lineCount: 0,
				},
				pairedItem: { item: 0 },
			});
		});

		it.each([
			[
				'an unknown template',
				{ templateCode: byCode('NOPE') },
				'Interaction template NOPE does not exist',
				'templateCode',
			],
			[
				'a negative cost',
				{ additionalFields: { unitCost: '={{ -5 }}' } },
				'unitCost must not be negative, got -5',
				'unitCost',
			],
			[
				'a description over its limit',
				{ description: 'x'.repeat(101) },
				'description is 101 characters long; at most 100 are allowed',
				'description',
			],
			[
				'a wrong enumeration value from an expression',
				{ additionalFields: { informationFlow: '={{ "sideways" }}' } },
				'informationFlow "sideways" is not one of: outbound, inbound',
				'informationFlow',
			],
		])(
			'refuses %s, naming item and field, and writes nothing',
			async (_case, parameters, message, field) => {
				const { error } = await segment({ operation: 'create', segmentNo: 'SEG01', ...parameters });
				expect(error).toMatchObject({ message, itemIndex: 0 });
				expect(error?.description).toContain(`Field: ${field}`);
				expect(await segmentNos()).toEqual([]);
			},
		);

		it('refuses a duplicate number; with continueOnFail the other items go through', async () => {
			const { items, error } = await segment(
				{ operation: 'create', segmentNo: '={{ $json.no }}', description: '={{ $json.text }}' },
				{
					continueOnFail: true,
					items: [
						{ no: 'SEG01', text: 'First' },
						{ no: 'seg01', text: 'Again' },
						{ no: 'SEG02', text: 'Second' },
					],
				},
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
			expect(items[1].json).toMatchObject({
				error: 'Segment SEG01 already exists',
				errorCode: 'CONFLICT',
				errorField: 'segmentNo',
			});
			expect(await t.db('segments').orderBy('segment_no').pluck('description')).toEqual([
				'First',
				'Second',
			]);
		});

		it('updates only the fields given; a new template is assigned, an empty one removed', async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', description: 'Mailing' });
			const assigned = await segment({
				operation: 'update',
				segmentNo: byCode('SEG01'),
				updateFields: { templateCode: 'meet', subject: 'Invitation' },
			});
			expect(assigned.items[0].json).toMatchObject({
				description: 'Mailing',
				templateCode: 'MEET',
				subject: 'Invitation',
			});
			const removed = await segment({
				operation: 'update',
				segmentNo: byCode('SEG01'),
				updateFields: { templateCode: '' },
			});
			expect(removed.items[0].json).toMatchObject({ templateCode: null, subject: 'Invitation' });
		});

		it('gets a segment, lists segments page by page, and deletes one with its lines', async () => {
			for (const no of ['SEG01', 'SEG02', 'SEG03']) {
				await createSegment(t.db, { segmentNo: no, description: `Mailing ${no}` });
			}
			await addSegmentContacts(t.db, { segmentNo: 'SEG02', contactNos: ['CT101', 'CT102'] });

			const got = await segment({ operation: 'get', segmentNo: byCode('seg02') });
			expect(got.items[0].json).toMatchObject({ segmentNo: 'SEG02', lineCount: 2 });

			const page = await segment({
				operation: 'getMany',
				limit: 1,
				filters: { afterSegmentNo: 'SEG01' },
			});
			expect(page.items.map((item) => item.json.segmentNo)).toEqual(['SEG02']);
			const found = await segment({
				operation: 'getMany',
				returnAll: true,
				filters: { search: 'seg03' },
			});
			expect(found.items.map((item) => item.json.segmentNo)).toEqual(['SEG03']);

			const deleted = await segment({ operation: 'delete', segmentNo: byCode('SEG02') });
			expect(deleted.items[0].json).toEqual({ segmentNo: 'SEG02', deleted: true, linesDeleted: 2 });
			expect(await segmentNos()).toEqual(['SEG01', 'SEG03']);

			const missing = await segment({ operation: 'get', segmentNo: byCode('SEG02') });
			expect(missing.error).toMatchObject({
				message: 'Segment SEG02 does not exist',
				itemIndex: 0,
			});
		});

		it('offers segments in the picker by number or description', async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', description: 'Christmas mailing' });
			await createSegment(t.db, { segmentNo: 'SEG02', description: 'Fair invitations' });
			const context = {
				getCredentials: async () => credentialOf(t.config),
			} as unknown as ILoadOptionsFunctions;
			expect(await searchSegments.call(context, 'fair')).toEqual({
				results: [{ name: 'SEG02 – Fair invitations', value: 'SEG02' }],
				paginationToken: undefined,
			});
		});
	});

	describe('lines', () => {
		beforeEach(async () => {
			await createSegment(t.db, {
				segmentNo: 'SEG01',
				templateCode: 'LETTER',
				salespersonCode: 'JS',
			});
		});

		it('adds listed contacts from text, then the persons of a company, skipping those already in', async () => {
			const listed = await segment({
				operation: 'addContacts',
				segmentNo: byCode('SEG01'),
				addFrom: 'contacts',
				contactNos: 'ct102, CT200',
			});
			expect(listed.items[0].json).toEqual({ segmentNo: 'SEG01', added: 2, skipped: 0 });

			const company = await segment({
				operation: 'addContacts',
				segmentNo: byCode('SEG01'),
				addFrom: 'company',
				companyNo: 'CT100',
				includeCompany: true,
			});
			expect(company.items[0].json).toEqual({ segmentNo: 'SEG01', added: 2, skipped: 1 });
			expect(await lineContacts('SEG01')).toEqual(['CT102', 'CT200', 'CT100', 'CT101']);
		});

		it('adds the contacts of every item at once from an expression list', async () => {
			const { items, error } = await runNode(
				t.config,
				'interactionSetup',
				{
					resource: 'segment',
					operation: 'addContacts',
					segmentNo: byCode('SEG01'),
					addFrom: 'contacts',
					contactNos: '={{ $input.all().map(item => item.json.no) }}',
				},
				{ items: [{ no: 'CT101' }, { no: 'CT200' }] },
			);
			expect(error).toBeUndefined();
			// Without Execute Once every item runs the same list: the second adds nothing new.
			expect(items.map((item) => item.json)).toEqual([
				{ segmentNo: 'SEG01', added: 2, skipped: 0 },
				{ segmentNo: 'SEG01', added: 0, skipped: 2 },
			]);
			expect(await lineContacts('SEG01')).toEqual(['CT101', 'CT200']);
		});

		it('refuses an unknown contact, naming the item and field, and adds none', async () => {
			const { error } = await segment({
				operation: 'addContacts',
				segmentNo: byCode('SEG01'),
				addFrom: 'contacts',
				contactNos: 'CT101, CT999',
			});
			expect(error).toMatchObject({ message: 'Contact CT999 does not exist', itemIndex: 0 });
			expect(error?.description).toContain('Field: contactNos');
			expect(await lineContacts('SEG01')).toEqual([]);
		});

		it('removes listed contacts, listed line numbers, or all lines', async () => {
			await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: ['CT100', 'CT101', 'CT102', 'CT200'],
			});
			const remove = (parameters: IDataObject) =>
				segment({ operation: 'removeContacts', segmentNo: byCode('SEG01'), ...parameters });

			expect((await remove({ removeBy: 'contacts', contactNos: 'CT100' })).items[0].json).toEqual({
				segmentNo: 'SEG01',
				removed: 1,
			});
			expect((await remove({ removeBy: 'lines', lineNos: '2; 4' })).items[0].json).toMatchObject({
				removed: 2,
			});
			expect(await lineContacts('SEG01')).toEqual(['CT102']);
			expect((await remove({ removeBy: 'all' })).items[0].json).toMatchObject({ removed: 1 });
			expect(await lineContacts('SEG01')).toEqual([]);
		});

		it('lists lines as set, or with the values they inherit from segment, template and contact', async () => {
			await addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT101', 'CT200'] });
			await t
				.db('segment_lines')
				.where({ segment_no: 'SEG01', contact_no: 'CT200' })
				.update({ template_code: 'MEET', cost: 7 });

			const own = await segment({ operation: 'getLines', segmentNo: byCode('SEG01') });
			expect(own.items.map((item) => item.json)).toEqual([
				expect.objectContaining({
					lineNo: 1,
					contactNo: 'CT101',
					contactName: 'Ann Lee',
					cost: null,
				}),
				expect.objectContaining({ lineNo: 2, contactNo: 'CT200', templateCode: 'MEET', cost: 7 }),
			]);

			const resolved = await segment({
				operation: 'getLines',
				segmentNo: byCode('SEG01'),
				resolveInherited: true,
			});
			expect(resolved.items.map((item) => item.json)).toEqual([
				expect.objectContaining({
					contactNo: 'CT101',
					contactCompanyNo: 'CT100',
					templateCode: 'LETTER',
					description: 'Letter',
					cost: 1.5,
					durationMin: 10,
					salespersonCode: 'JS',
					correspondenceType: 'email',
				}),
				expect.objectContaining({
					contactNo: 'CT200',
					templateCode: 'MEET',
					description: 'Letter',
					cost: 7,
					durationMin: 0,
				}),
			]);
			const limited = await segment({
				operation: 'getLines',
				segmentNo: byCode('SEG01'),
				resolveInherited: true,
				limit: 1,
			});
			expect(limited.items).toHaveLength(1);
		});

		it('names an unknown segment when asked for its lines', async () => {
			const { error } = await segment({
				operation: 'getLines',
				segmentNo: byCode('SEG99'),
				resolveInherited: true,
			});
			expect(error).toMatchObject({ message: 'Segment SEG99 does not exist', itemIndex: 0 });
		});
	});
});
