import type { Knex } from 'knex';

import { getContact, upsertContacts } from '../../lib/contacts';
import { createGroup } from '../../lib/setup';
import { addSegmentContacts, listSegmentLines, removeSegmentContacts } from '../../lib/segments';
import {
	assignTemplateToSegment,
	createSegment,
	deleteSegment,
	effectiveSegmentLine,
	getSegment,
	listEffectiveSegmentLines,
	listSegments,
	updateSegment,
} from '../../lib/segments';
import { createTemplate, getTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

async function segmentRow(db: Knex, segmentNo: string) {
	return await db('segments').where({ segment_no: segmentNo }).first();
}

async function lineRows(db: Knex, segmentNo: string) {
	return await db('segment_lines')
		.where({ segment_no: segmentNo })
		.orderBy('line_no')
		.select('line_no', 'contact_no', 'template_code', 'cost', 'duration_min');
}

async function seed(db: Knex) {
	await createGroup(db, { code: 'LETTERS' });
	await createGroup(db, { code: 'PHONE' });
	await createTemplate(db, {
		code: 'LETTER',
		groupCode: 'LETTERS',
		description: 'Letter',
		unitCost: 10,
		unitDurationMin: 5,
		informationFlow: 'outbound',
		initiatedBy: 'us',
		correspondenceType: 'hard_copy',
		campaignNo: 'CAMP-T',
		campaignTarget: true,
		languageCode: 'EN',
	});
	await createTemplate(db, {
		code: 'CALL',
		groupCode: 'PHONE',
		description: 'Phone call',
		unitCost: 2.5,
		unitDurationMin: 15,
		informationFlow: 'inbound',
		initiatedBy: 'them',
		correspondenceType: 'email',
		ignoreContactCorresType: true,
		campaignResponse: true,
	});
	await upsertContacts(db, [
		{
			contactNo: 'CT100',
			name: 'Adatum',
			email: 'info@adatum.example',
			correspondenceType: 'hard_copy',
			salespersonCode: 'JO',
		},
		{ contactNo: 'CT101', type: 'person', companyNo: 'CT100', name: 'Ann' },
		{
			contactNo: 'CT102',
			type: 'person',
			companyNo: 'CT100',
			name: 'Bo',
			email: 'bo@adatum.example',
			correspondenceType: 'email',
		},
		{
			contactNo: 'CT103',
			type: 'person',
			companyNo: 'CT100',
			name: 'Cy',
			email: 'cy@adatum.example',
		},
		{ contactNo: 'CT200', name: 'Fabrikam' },
	]);
}

describe.each(BACKENDS)('%s: segments', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seed(t.db);
	});

	describe('createSegment', () => {
		it('stores the header fields as given', async () => {
			const segment = await createSegment(t.db, {
				segmentNo: ' seg01 ',
				description: 'Autumn mailing',
				unitCost: '12.5',
				interactionDate: '2026-11-25',
				correspondenceType: 'Hard Copy',
				campaignTarget: 'yes',
			});
			expect(segment).toMatchObject({
				segmentNo: 'SEG01',
				unitCost: 12.5,
				interactionDate: '2026-11-25',
				lineCount: 0,
			});
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				description: 'Autumn mailing',
				template_code: null,
				unit_cost: 12.5,
				interaction_date: '2026-11-25',
				correspondence_type: 'hard_copy',
				campaign_target: true,
			});
		});

		it("copies the template's defaults, the fields given overriding them", async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', templateCode: 'letter', unitCost: 3 });
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				template_code: 'LETTER',
				group_code: 'LETTERS',
				description: 'Letter',
				unit_cost: 3,
				unit_duration_min: 5,
				information_flow: 'outbound',
				initiated_by: 'us',
				correspondence_type: 'hard_copy',
				campaign_target: true,
				language_code: 'EN',
				campaign_no: null,
			});
		});

		it.each([
			[{ unitCost: 'abc' }, 'unitCost'],
			[{ unitDurationMin: -1 }, 'unitDurationMin'],
			[{ informationFlow: 'sideways' }, 'informationFlow'],
			[{ description: 'd'.repeat(101) }, 'description'],
			[{ interactionDate: '25.11.2026' }, 'interactionDate'],
			[{ interactionDate: '2026-02-30' }, 'interactionDate'],
			[{ segmentNo: 'S'.repeat(21) }, 'segmentNo'],
			[{ templateCode: 'T'.repeat(11) }, 'templateCode'],
			[{ campaignTarget: 'sometimes' }, 'campaignTarget'],
		])('refuses %j with a VALIDATION error on %s, writing nothing', async (change, field) => {
			await expect(createSegment(t.db, { segmentNo: 'SEG01', ...change })).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field },
			});
			expect(await t.db('segments').select('segment_no')).toEqual([]);
		});

		it('refuses an unknown template and writes nothing', async () => {
			await expect(
				createSegment(t.db, { segmentNo: 'SEG01', templateCode: 'NOPE' }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'templateCode', value: 'NOPE' },
			});
			expect(await segmentRow(t.db, 'SEG01')).toBeUndefined();
		});

		it('refuses a duplicate number and a number already logged', async () => {
			await createSegment(t.db, { segmentNo: 'SEG01' });
			await expect(createSegment(t.db, { segmentNo: 'seg01' })).rejects.toMatchObject({
				code: 'CONFLICT',
				details: { field: 'segmentNo' },
			});
			await t.db('logged_segments').insert({ segment_no: 'SEG02' });
			await expect(createSegment(t.db, { segmentNo: 'SEG02' })).rejects.toMatchObject({
				code: 'CONFLICT',
				message: expect.stringContaining('already logged'),
			});
		});
	});

	describe('updateSegment', () => {
		it('changes only the fields given', async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', description: 'Autumn', subject: 'Hello' });
			await updateSegment(t.db, {
				segmentNo: 'SEG01',
				subject: 'Bye',
				interactionDate: '2026-12-01T09:00:00+01:00',
			});
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				description: 'Autumn',
				subject: 'Bye',
				interaction_date: '2026-12-01',
			});
		});

		it('assigns a template when one is given and removes it when blank', async () => {
			await createSegment(t.db, { segmentNo: 'SEG01' });
			await updateSegment(t.db, { segmentNo: 'SEG01', templateCode: 'CALL', unitCost: 1 });
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				template_code: 'CALL',
				group_code: 'PHONE',
				unit_cost: 1,
			});
			await updateSegment(t.db, { segmentNo: 'SEG01', templateCode: '' });
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				template_code: null,
				group_code: null,
			});
		});

		it('refuses an unknown segment', async () => {
			await expect(updateSegment(t.db, { segmentNo: 'NOPE', subject: 'x' })).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'segmentNo' },
			});
		});
	});

	describe('assignTemplateToSegment', () => {
		beforeEach(async () => {
			await createSegment(t.db, {
				segmentNo: 'SEG01',
				templateCode: 'LETTER',
				description: 'Autumn',
			});
			await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: ['CT100', 'CT101', 'CT102', 'CT103'],
			});
			// CT101 follows the header explicitly, CT102 has its own template, CT103 its own cost.
			await t
				.db('segment_lines')
				.where({ contact_no: 'CT101' })
				.update({ template_code: 'LETTER', cost: 7 });
			await t
				.db('segment_lines')
				.where({ contact_no: 'CT102' })
				.update({ template_code: 'CALL', cost: 8 });
			await t
				.db('segment_lines')
				.where({ contact_no: 'CT103' })
				.update({ cost: 9, duration_min: 1 });
		});

		it('copies the defaults and keeps a description that is set (docs/domain.md#s6-1)', async () => {
			const { segment, linesUpdated } = await assignTemplateToSegment(t.db, {
				segmentNo: 'SEG01',
				templateCode: 'CALL',
			});
			expect(segment).toMatchObject({
				templateCode: 'CALL',
				groupCode: 'PHONE',
				description: 'Autumn',
				unitCost: 2.5,
				unitDurationMin: 15,
				informationFlow: 'inbound',
				initiatedBy: 'them',
				correspondenceType: 'email',
				ignoreContactCorresType: true,
				campaignTarget: false,
				campaignResponse: true,
				languageCode: null,
				lineCount: 4,
			});
			expect(linesUpdated).toBe(3);
		});

		it('resets the lines that followed the old header template, leaving lines with their own', async () => {
			await assignTemplateToSegment(t.db, { segmentNo: 'SEG01', templateCode: 'CALL' });
			expect(await lineRows(t.db, 'SEG01')).toEqual([
				{ line_no: 1, contact_no: 'CT100', template_code: null, cost: null, duration_min: null },
				{ line_no: 2, contact_no: 'CT101', template_code: null, cost: null, duration_min: null },
				{ line_no: 3, contact_no: 'CT102', template_code: 'CALL', cost: 8, duration_min: null },
				{ line_no: 4, contact_no: 'CT103', template_code: null, cost: null, duration_min: null },
			]);
		});

		it("takes the template's description when the segment has none", async () => {
			await updateSegment(t.db, { segmentNo: 'SEG01', description: '' });
			const { segment } = await assignTemplateToSegment(t.db, {
				segmentNo: 'SEG01',
				templateCode: 'CALL',
			});
			expect(segment.description).toBe('Phone call');
		});

		it('refuses an unknown template and changes nothing', async () => {
			await expect(
				assignTemplateToSegment(t.db, { segmentNo: 'SEG01', templateCode: 'NOPE' }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'templateCode' },
			});
			expect(await segmentRow(t.db, 'SEG01')).toMatchObject({
				template_code: 'LETTER',
				unit_cost: 10,
			});
			expect((await lineRows(t.db, 'SEG01'))[1]).toMatchObject({
				template_code: 'LETTER',
				cost: 7,
			});
		});

		it('refuses an unknown segment', async () => {
			await expect(
				assignTemplateToSegment(t.db, { segmentNo: 'NOPE', templateCode: 'CALL' }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'segmentNo' },
			});
		});
	});

	describe('addSegmentContacts', () => {
		beforeEach(() => createSegment(t.db, { segmentNo: 'SEG01' }));

		it('adds contacts in the order given, numbering lines after the highest', async () => {
			await t.db('segment_lines').insert({ segment_no: 'SEG01', line_no: 40, contact_no: 'CT200' });
			const result = await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: 'ct102, CT100',
			});
			expect(result).toEqual({ segmentNo: 'SEG01', added: 2, skipped: 0 });
			expect((await lineRows(t.db, 'SEG01')).map((l) => [l.line_no, l.contact_no])).toEqual([
				[40, 'CT200'],
				[41, 'CT102'],
				[42, 'CT100'],
			]);
		});

		it('skips contacts already in the segment', async () => {
			await addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT101'] });
			const result = await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: ['CT101', 'CT101', 'CT102'],
			});
			expect(result).toEqual({ segmentNo: 'SEG01', added: 1, skipped: 1 });
			expect(await lineRows(t.db, 'SEG01')).toHaveLength(2);
		});

		it('adds the persons of a company, and the company itself when asked', async () => {
			await addSegmentContacts(t.db, { segmentNo: 'SEG01', companyNo: 'CT100' });
			expect((await lineRows(t.db, 'SEG01')).map((l) => l.contact_no)).toEqual([
				'CT101',
				'CT102',
				'CT103',
			]);
			const result = await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				companyNo: 'CT100',
				includeCompany: true,
			});
			expect(result).toEqual({ segmentNo: 'SEG01', added: 1, skipped: 3 });
			expect((await lineRows(t.db, 'SEG01')).at(-1)).toMatchObject({
				line_no: 4,
				contact_no: 'CT100',
			});
		});

		it('refuses unknown contacts and adds none', async () => {
			await expect(
				addSegmentContacts(t.db, { segmentNo: 'SEG01', contactNos: ['CT100', 'CT998', 'CT999'] }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'contactNos' },
				message: expect.stringContaining('CT998, CT999'),
			});
			expect(await lineRows(t.db, 'SEG01')).toEqual([]);
		});

		it.each([
			[{ segmentNo: 'NOPE', contactNos: ['CT100'] }, 'NOT_FOUND', 'segmentNo'],
			[{ segmentNo: 'SEG01', companyNo: 'CT101' }, 'VALIDATION', 'companyNo'],
			[{ segmentNo: 'SEG01', companyNo: 'CT999' }, 'NOT_FOUND', 'companyNo'],
			[{ segmentNo: 'SEG01' }, 'VALIDATION', 'contactNos'],
			[{ segmentNo: 'SEG01', contactNos: [{}] }, 'VALIDATION', 'contactNos[0]'],
			[{ segmentNo: 'SEG01', contactNos: 42 }, 'VALIDATION', 'contactNos'],
		])('refuses %j with %s on %s', async (input, code, field) => {
			await expect(addSegmentContacts(t.db, input)).rejects.toMatchObject({
				code,
				details: { field },
			});
			expect(await lineRows(t.db, 'SEG01')).toEqual([]);
		});

		it('adds 10,000 contacts in one insert statement', async () => {
			await upsertContacts(
				t.db,
				Array.from({ length: 10000 }, (_, i) => ({
					contactNo: `P${i}`,
					type: 'person',
					companyNo: 'CT200',
				})),
			);
			const statements: string[] = [];
			const count = (query: { sql: string }) => statements.push(query.sql);
			t.db.on('query', count);
			try {
				const result = await addSegmentContacts(t.db, { segmentNo: 'SEG01', companyNo: 'CT200' });
				expect(result).toEqual({ segmentNo: 'SEG01', added: 10000, skipped: 0 });
			} finally {
				t.db.removeListener('query', count);
			}
			// begin, lock, check contacts, check company, insert … select, commit
			expect(statements).toHaveLength(6);
			expect(await t.db('segment_lines').max('line_no as max').first()).toEqual({ max: 10000 });
		});
	});

	describe('removeSegmentContacts', () => {
		beforeEach(async () => {
			await createSegment(t.db, { segmentNo: 'SEG01' });
			await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: ['CT100', 'CT101', 'CT102', 'CT103'],
			});
		});

		it('removes by contact number and by line number', async () => {
			expect(
				await removeSegmentContacts(t.db, {
					segmentNo: 'SEG01',
					contactNos: ['CT100', 'CT200'],
					lineNos: [3],
				}),
			).toEqual({
				segmentNo: 'SEG01',
				removed: 2,
			});
			expect((await lineRows(t.db, 'SEG01')).map((l) => l.contact_no)).toEqual(['CT101', 'CT103']);
		});

		it('removes every line with all: true', async () => {
			expect(await removeSegmentContacts(t.db, { segmentNo: 'SEG01', all: true })).toMatchObject({
				removed: 4,
			});
		});

		it('refuses a call that names nothing, and an unknown segment', async () => {
			await expect(removeSegmentContacts(t.db, { segmentNo: 'SEG01' })).rejects.toMatchObject({
				code: 'VALIDATION',
			});
			await expect(
				removeSegmentContacts(t.db, { segmentNo: 'NOPE', all: true }),
			).rejects.toMatchObject({ code: 'NOT_FOUND' });
			expect(await lineRows(t.db, 'SEG01')).toHaveLength(4);
		});
	});

	describe('reading segments', () => {
		beforeEach(async () => {
			await createSegment(t.db, { segmentNo: 'SEG01', description: 'Autumn mailing' });
			await createSegment(t.db, { segmentNo: 'SEG02', description: 'Winter calls' });
			await createSegment(t.db, { segmentNo: 'SEG03' });
			await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				companyNo: 'CT100',
				includeCompany: true,
			});
		});

		it('gives a segment with its line count', async () => {
			expect(await getSegment(t.db, 'seg01')).toMatchObject({ segmentNo: 'SEG01', lineCount: 4 });
			await expect(getSegment(t.db, 'NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		});

		it('lists segments by number a page at a time, and by search text', async () => {
			const first = await listSegments(t.db, { limit: 2 });
			expect(first.map((s) => [s.segmentNo, s.lineCount])).toEqual([
				['SEG01', 4],
				['SEG02', 0],
			]);
			expect(
				(await listSegments(t.db, { afterSegmentNo: 'SEG02' })).map((s) => s.segmentNo),
			).toEqual(['SEG03']);
			expect((await listSegments(t.db, { search: 'winter' })).map((s) => s.segmentNo)).toEqual([
				'SEG02',
			]);
		});

		it('lists lines a page at a time with contact names', async () => {
			const page = await listSegmentLines(t.db, 'SEG01', { limit: 2, afterLineNo: 1 });
			expect(page.map((l) => [l.lineNo, l.contactNo, l.contactName])).toEqual([
				[2, 'CT101', 'Ann'],
				[3, 'CT102', 'Bo'],
			]);
			await expect(listSegmentLines(t.db, 'NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		});

		it('deletes a segment with its lines', async () => {
			expect(await deleteSegment(t.db, 'SEG01')).toEqual({
				segmentNo: 'SEG01',
				deleted: true,
				linesDeleted: 4,
			});
			expect(await segmentRow(t.db, 'SEG01')).toBeUndefined();
			expect(await lineRows(t.db, 'SEG01')).toEqual([]);
			await expect(deleteSegment(t.db, 'SEG01')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		});
	});

	describe('effective line values', () => {
		beforeEach(async () => {
			await createSegment(t.db, {
				segmentNo: 'SEG01',
				templateCode: 'LETTER',
				description: 'Autumn mailing',
				subject: 'Hello',
			});
			await addSegmentContacts(t.db, {
				segmentNo: 'SEG01',
				contactNos: ['CT100', 'CT101', 'CT102', 'CT103'],
			});
			await t.db('segment_lines').where({ contact_no: 'CT101' }).update({ template_code: 'CALL' });
			await t
				.db('segment_lines')
				.where({ contact_no: 'CT102' })
				.update({ cost: 1, description: 'Own', salesperson_code: 'AB' });
		});

		async function viaTypeScript(segmentNo: string) {
			const segment = await getSegment(t.db, segmentNo);
			const lines = await listSegmentLines(t.db, segmentNo);
			return await Promise.all(
				lines.map(async (line) => {
					const code = line.templateCode ?? segment.templateCode;
					return effectiveSegmentLine({
						line,
						segment,
						template: code ? await getTemplate(t.db, code) : undefined,
						contact: await getContact(t.db, line.contactNo),
					});
				}),
			);
		}

		it('derives line ?? segment ?? template, and the correspondence type by docs/domain.md#s9-3', async () => {
			const lines = await listEffectiveSegmentLines(t.db, 'SEG01');
			expect(lines[0]).toMatchObject({
				contactNo: 'CT100',
				contactCompanyNo: 'CT100',
				templateCode: 'LETTER',
				groupCode: 'LETTERS',
				description: 'Autumn mailing',
				subject: 'Hello',
				salespersonCode: 'JO',
				campaignNo: 'CAMP-T',
				campaignTarget: true,
				correspondenceType: 'hard_copy',
				cost: 10,
				durationMin: 5,
				languageCode: 'EN',
			});
			// Own template CALL: its defaults; it ignores the contact's type, but Ann has no e-mail.
			expect(lines[1]).toMatchObject({
				templateCode: 'CALL',
				groupCode: 'PHONE',
				cost: 2.5,
				durationMin: 15,
				informationFlow: 'inbound',
				campaignTarget: false,
				campaignResponse: true,
				correspondenceType: null,
				salespersonCode: null,
			});
			expect(lines[2]).toMatchObject({
				cost: 1,
				description: 'Own',
				salespersonCode: 'AB',
				correspondenceType: 'email',
			});
			expect(lines[3]).toMatchObject({ cost: 10, correspondenceType: 'hard_copy' });
		});

		it.each([
			['as created', {}],
			[
				'with a header that ignores the contact type',
				{ ignoreContactCorresType: true, correspondenceType: 'email' },
			],
			[
				'with edited header defaults',
				{ unitCost: 4, informationFlow: '', campaignNo: 'CAMP-S', salespersonCode: 'SP' },
			],
			['without a template', { templateCode: '' }],
		])('gives the same values in SQL and TypeScript, %s', async (_, change) => {
			await updateSegment(t.db, { segmentNo: 'SEG01', ...change });
			expect(await listEffectiveSegmentLines(t.db, 'SEG01')).toEqual(await viaTypeScript('SEG01'));
		});
	});
});
