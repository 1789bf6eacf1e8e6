import { createGroup, deleteGroup, getGroup, upsertGroup } from '../../lib/setup';
import {
	createTemplate,
	deleteTemplate,
	getTemplate,
	updateTemplate,
	upsertTemplate,
} from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

describe.each(BACKENDS)('%s: groups and templates', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'phone', description: 'Phone calls' });
	});

	it('stores codes trimmed and upper-cased, with the template defaults', async () => {
		const template = await createTemplate(t.db, {
			code: ' outcall ',
			groupCode: 'Phone',
			description: 'Outgoing call',
			unitCost: '1.25',
			unitDurationMin: 10,
			informationFlow: 'Outbound',
			initiatedBy: 'us',
			correspondenceType: 'E-Mail',
		});
		expect(template).toMatchObject({
			code: 'OUTCALL',
			groupCode: 'PHONE',
			unitCost: 1.25,
			unitDurationMin: 10,
			informationFlow: 'outbound',
			initiatedBy: 'us',
			correspondenceType: 'email',
			campaignTarget: false,
		});
		expect(template.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it.each([
		[{ code: 'X', groupCode: 'NOPE' }, 'NOT_FOUND', 'groupCode'],
		[{ code: 'X', groupCode: 'PHONE', unitCost: -1 }, 'VALIDATION', 'unitCost'],
		[{ code: 'X', groupCode: 'PHONE', unitCost: 'ten' }, 'VALIDATION', 'unitCost'],
		[{ code: 'TOOLONGCODE1', groupCode: 'PHONE' }, 'VALIDATION', 'code'],
		[{ code: 'X', groupCode: 'PHONE', initiatedBy: 'robot' }, 'VALIDATION', 'initiatedBy'],
		[{ code: 'X', groupCode: 'PHONE', description: 'y'.repeat(101) }, 'VALIDATION', 'description'],
		[
			{ code: "X'; drop table interaction_templates; --", groupCode: 'PHONE' },
			'VALIDATION',
			'code',
		],
	])('refuses %j with %s on %s and writes nothing', async (input, code, field) => {
		await expect(createTemplate(t.db, input)).rejects.toMatchObject({ code, details: { field } });
		expect(await t.db('interaction_templates').count<{ count: number }[]>('* as count')).toEqual([
			{ count: 0 },
		]);
	});

	it('refuses a duplicate code on create, and upsert replaces it', async () => {
		await createTemplate(t.db, { code: 'MEET', groupCode: 'PHONE', unitCost: 5 });
		await expect(createTemplate(t.db, { code: 'meet', groupCode: 'PHONE' })).rejects.toMatchObject({
			code: 'CONFLICT',
		});
		expect(
			await upsertTemplate(t.db, { code: 'meet', groupCode: 'PHONE', unitCost: 7 }),
		).toMatchObject({ unitCost: 7 });
	});

	it('updates only the given fields', async () => {
		await createTemplate(t.db, {
			code: 'MEET',
			groupCode: 'PHONE',
			description: 'Meeting',
			unitCost: 5,
		});
		const updated = await updateTemplate(t.db, { code: 'MEET', unitDurationMin: 60 });
		expect(updated).toMatchObject({ description: 'Meeting', unitCost: 5, unitDurationMin: 60 });
		await expect(updateTemplate(t.db, { code: 'NONE', unitCost: 1 })).rejects.toMatchObject({
			code: 'NOT_FOUND',
		});
	});

	it('deletes a template, and says when there is none', async () => {
		await createTemplate(t.db, { code: 'MEET', groupCode: 'PHONE' });
		expect(await deleteTemplate(t.db, 'meet')).toEqual({ code: 'MEET', deleted: true });
		await expect(getTemplate(t.db, 'MEET')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(deleteTemplate(t.db, 'MEET')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('refuses to delete a group that still has templates, and deletes an empty one', async () => {
		await createTemplate(t.db, { code: 'MEET', groupCode: 'PHONE' });
		await expect(deleteGroup(t.db, 'PHONE')).rejects.toMatchObject({ code: 'CONFLICT' });
		await upsertGroup(t.db, { code: 'EMPTY' });
		expect(await deleteGroup(t.db, 'empty')).toEqual({ code: 'EMPTY', deleted: true });
		await expect(deleteGroup(t.db, 'EMPTY')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getGroup(t.db, 'EMPTY')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
