import type { Knex } from 'knex';

import { createGroup } from '../../lib/setup';
import {
	BUILTIN_DOCUMENT_KINDS,
	clearTemplateSetupSlot,
	deleteCustomDocumentKind,
	getTemplateSetupSlot,
	listTemplateSetup,
	resolveTemplateForDocumentKind,
	setTemplateSetupSlot,
} from '../../lib/setup';
import { createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

async function slotRow(db: Knex, kind: string) {
	return await db('interaction_template_setup').where({ document_kind: kind }).first();
}

describe.each(BACKENDS)('%s: template setup', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'SALES' });
		await createTemplate(t.db, { code: 'SINV', groupCode: 'SALES', description: 'Sales invoice' });
		await createTemplate(t.db, { code: 'WEBINAR', groupCode: 'SALES' });
	});

	describe('BUILTIN_DOCUMENT_KINDS', () => {
		it('lists exactly the kinds the migration seeds', async () => {
			const seeded = await t
				.db('interaction_template_setup')
				.where({ is_custom: false })
				.pluck('document_kind');
			expect([...seeded].sort()).toEqual(BUILTIN_DOCUMENT_KINDS.map((k) => k.kind).sort());
		});
	});

	describe('listTemplateSetup', () => {
		it('lists every builtin slot in the page order, blank, then custom kinds by name', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'zoom_call', templateCode: 'WEBINAR' });
			await setTemplateSetupSlot(t.db, { kind: 'webinar_registration', templateCode: 'WEBINAR' });
			const slots = await listTemplateSetup(t.db);
			expect(slots.map((s) => s.kind)).toEqual([
				...BUILTIN_DOCUMENT_KINDS.map((k) => k.kind),
				'webinar_registration',
				'zoom_call',
			]);
			expect(slots[0]).toMatchObject({ kind: 'sales_quote', templateCode: null, isCustom: false });
			expect(slots.at(-1)).toMatchObject({ templateCode: 'WEBINAR', isCustom: true });
		});
	});

	describe('setTemplateSetupSlot', () => {
		it('points a builtin slot at a template and keeps its description', async () => {
			const slot = await setTemplateSetupSlot(t.db, {
				kind: 'sales_invoice',
				templateCode: 'sinv',
			});
			expect(slot).toMatchObject({ kind: 'sales_invoice', templateCode: 'SINV', isCustom: false });
			expect(await slotRow(t.db, 'sales_invoice')).toMatchObject({
				template_code: 'SINV',
				is_custom: false,
				description: 'Sales invoices',
			});
		});

		it.each([
			['Webinar Registration', 'webinar_registration'],
			['webinarRegistration', 'webinar_registration'],
			['  webinar-registration ', 'webinar_registration'],
		])('adds %j as the custom kind %s', async (kind, stored) => {
			const slot = await setTemplateSetupSlot(t.db, { kind, templateCode: 'WEBINAR' });
			expect(slot).toMatchObject({
				kind: stored,
				isCustom: true,
				description: 'Webinar registration',
			});
			expect(await slotRow(t.db, stored)).toMatchObject({
				template_code: 'WEBINAR',
				is_custom: true,
			});
		});

		it('reads builtin kinds typed as labels, e.g. "Sales Invoice" and "E-Mail"', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'Sales Invoice', templateCode: 'SINV' });
			await setTemplateSetupSlot(t.db, { kind: 'E-Mail', templateCode: 'SINV' });
			expect((await slotRow(t.db, 'sales_invoice'))?.template_code).toBe('SINV');
			expect((await slotRow(t.db, 'email'))?.template_code).toBe('SINV');
		});

		it('changes the description only when one is given', async () => {
			await setTemplateSetupSlot(t.db, {
				kind: 'webinar',
				templateCode: 'WEBINAR',
				description: 'Webinars',
			});
			await setTemplateSetupSlot(t.db, { kind: 'webinar', templateCode: 'SINV' });
			expect(await slotRow(t.db, 'webinar')).toMatchObject({
				template_code: 'SINV',
				description: 'Webinars',
			});
		});

		it('refuses an unknown template, naming templateCode, and adds no custom kind', async () => {
			await expect(
				setTemplateSetupSlot(t.db, { kind: 'webinar', templateCode: 'NOPE' }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'templateCode', value: 'NOPE' },
			});
			expect(await slotRow(t.db, 'webinar')).toBeUndefined();
		});

		it.each([
			['1st_call', 'kind'],
			['größe', 'kind'],
			['a'.repeat(51), 'kind'],
			['', 'kind'],
			[42, 'kind'],
		])('refuses the kind %j with a VALIDATION error on %s', async (kind, field) => {
			await expect(
				setTemplateSetupSlot(t.db, { kind, templateCode: 'SINV' }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field } });
			expect(await t.db('interaction_template_setup').where({ is_custom: true })).toEqual([]);
		});

		it('refuses a plural of a builtin kind instead of adding it as a custom kind', async () => {
			await expect(
				setTemplateSetupSlot(t.db, { kind: 'Sales Invoices', templateCode: 'SINV' }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'kind' } });
			expect(await slotRow(t.db, 'sales_invoices')).toBeUndefined();
		});

		it('refuses a missing or over-long template code and an over-long description', async () => {
			await expect(
				setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: '' }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'templateCode' } });
			await expect(
				setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'X'.repeat(11) }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'templateCode' } });
			await expect(
				setTemplateSetupSlot(t.db, {
					kind: 'webinar',
					templateCode: 'SINV',
					description: 'd'.repeat(101),
				}),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'description' } });
			expect((await slotRow(t.db, 'sales_invoice'))?.template_code).toBeNull();
		});
	});

	describe('clearTemplateSetupSlot', () => {
		it('blanks the slot', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'SINV' });
			const slot = await clearTemplateSetupSlot(t.db, 'sales_invoice');
			expect(slot.templateCode).toBeNull();
			expect((await slotRow(t.db, 'sales_invoice'))?.template_code).toBeNull();
		});

		it('refuses an unknown kind', async () => {
			await expect(clearTemplateSetupSlot(t.db, 'nothing_like_it')).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'kind', value: 'nothing_like_it' },
			});
		});
	});

	describe('resolveTemplateForDocumentKind', () => {
		it('gives null for a blank slot: record nothing', async () => {
			expect(await resolveTemplateForDocumentKind(t.db, 'sales_quote')).toEqual({
				kind: 'sales_quote',
				templateCode: null,
			});
		});

		it('gives the template of a filled builtin or custom slot', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'SINV' });
			await setTemplateSetupSlot(t.db, { kind: 'webinar_registration', templateCode: 'WEBINAR' });
			expect(await resolveTemplateForDocumentKind(t.db, 'Sales Invoice')).toEqual({
				kind: 'sales_invoice',
				templateCode: 'SINV',
			});
			expect(await resolveTemplateForDocumentKind(t.db, 'webinar_registration')).toEqual({
				kind: 'webinar_registration',
				templateCode: 'WEBINAR',
			});
		});

		it('refuses an unknown kind with a hint on adding a custom kind', async () => {
			await expect(resolveTemplateForDocumentKind(t.db, 'webinar')).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'kind', hint: expect.stringContaining('custom kind') },
			});
		});
	});

	describe('getTemplateSetupSlot', () => {
		it('gives one slot', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'purchase_order', templateCode: 'SINV' });
			expect(await getTemplateSetupSlot(t.db, 'purchase_order')).toMatchObject({
				kind: 'purchase_order',
				templateCode: 'SINV',
				description: 'Purchase orders',
				isCustom: false,
			});
		});
	});

	describe('deleteCustomDocumentKind', () => {
		it('removes a custom kind', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'webinar', templateCode: 'WEBINAR' });
			expect(await deleteCustomDocumentKind(t.db, 'webinar')).toEqual({
				kind: 'webinar',
				deleted: true,
			});
			expect(await slotRow(t.db, 'webinar')).toBeUndefined();
		});

		it('refuses a builtin kind and keeps its slot', async () => {
			await setTemplateSetupSlot(t.db, { kind: 'sales_invoice', templateCode: 'SINV' });
			await expect(deleteCustomDocumentKind(t.db, 'sales_invoice')).rejects.toMatchObject({
				code: 'CONFLICT',
				details: { field: 'kind' },
			});
			expect((await slotRow(t.db, 'sales_invoice'))?.template_code).toBe('SINV');
		});

		it('refuses an unknown kind', async () => {
			await expect(deleteCustomDocumentKind(t.db, 'webinar')).rejects.toMatchObject({
				code: 'NOT_FOUND',
			});
		});
	});
});
