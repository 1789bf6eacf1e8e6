import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { createGroup } from '../../lib/setup';
import { createTemplate } from '../../lib/setup';
import { searchDocumentKinds } from '../../nodes/shared/methods/listSearch';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { byCode, credentialOf, runNode } from '../support/workflow';

const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

describe.each(BACKENDS)('%s: Interaction Setup node, template setup', (backend) => {
	const t = useTestDatabase(backend);
	const setup = (parameters: object, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'interactionSetup', { resource: 'templateSetup', ...parameters }, options);
	const slot = async (kind: string) =>
		await t.db('interaction_template_setup').where({ document_kind: kind }).first();

	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'SALES' });
		await createTemplate(t.db, { code: 'SINV', groupCode: 'SALES', description: 'Sales invoice' });
		await createTemplate(t.db, { code: 'SQUOTE', groupCode: 'SALES', description: 'Sales quote' });
	});

	it('sets a builtin slot picked from the list, and gets it back', async () => {
		const set = await setup({
			operation: 'set',
			documentKind: fromList('sales_invoice'),
			templateCode: byCode('sinv'),
		});
		expect(set.error).toBeUndefined();
		expect(set.items[0]).toMatchObject({
			json: { kind: 'sales_invoice', templateCode: 'SINV', isCustom: false },
			pairedItem: { item: 0 },
		});

		const got = await setup({ operation: 'get', documentKind: byCode('sales_invoice') });
		expect(got.items[0].json).toMatchObject({
			kind: 'sales_invoice',
			templateCode: 'SINV',
			description: 'Sales invoices',
		});
	});

	it('adds a typed name as a custom kind with a label, and lists it after the builtin kinds', async () => {
		const set = await setup({
			operation: 'set',
			documentKind: byCode('Webinar Registration'),
			templateCode: byCode('SQUOTE'),
			label: 'Webinar sign-ups',
		});
		expect(set.items[0].json).toMatchObject({
			kind: 'webinar_registration',
			isCustom: true,
			description: 'Webinar sign-ups',
		});

		const all = await setup({ operation: 'getMany' });
		expect(all.items).toHaveLength(31);
		expect(all.items.at(-1)?.json).toMatchObject({ kind: 'webinar_registration' });

		const assigned = await setup({ operation: 'getMany', onlyAssigned: true });
		expect(assigned.items.map((item) => item.json.kind)).toEqual(['webinar_registration']);
	});

	it('clears a slot: a blank slot means "do not record"', async () => {
		await slotWith('sales_quote', 'SQUOTE');
		const { items } = await setup({ operation: 'clear', documentKind: fromList('sales_quote') });
		expect(items[0].json).toMatchObject({ kind: 'sales_quote', templateCode: null });
		expect(await slot('sales_quote')).toMatchObject({ template_code: null });
	});

	it('deletes a custom kind, and refuses to delete a builtin one', async () => {
		await setup({
			operation: 'set',
			documentKind: byCode('support_ticket'),
			templateCode: byCode('SQUOTE'),
		});
		const deleted = await setup({
			operation: 'deleteCustomKind',
			documentKind: fromList('support_ticket'),
		});
		expect(deleted.items[0].json).toEqual({ kind: 'support_ticket', deleted: true });
		expect(await slot('support_ticket')).toBeUndefined();

		const builtin = await setup({
			operation: 'deleteCustomKind',
			documentKind: fromList('sales_invoice'),
		});
		expect(builtin.error).toMatchObject({
			message: 'Document kind sales_invoice is builtin and cannot be removed',
			itemIndex: 0,
		});
		expect(builtin.error?.description).toContain('Field: kind');
		expect(await slot('sales_invoice')).toBeDefined();
	});

	it('names the item and field for an unknown template and leaves the slot as it was', async () => {
		await slotWith('sales_invoice', 'SINV');
		const { error } = await setup(
			{
				operation: 'set',
				documentKind: byCode('={{ $json.kind }}'),
				templateCode: byCode('={{ $json.template }}'),
			},
			{
				items: [
					{ kind: 'sales_quote', template: 'SQUOTE' },
					{ kind: 'sales_invoice', template: 'NOPE' },
				],
			},
		);
		expect(error).toMatchObject({
			message: 'Interaction template NOPE does not exist',
			itemIndex: 1,
		});
		expect(error?.description).toContain('Field: templateCode');
		expect(await slot('sales_invoice')).toMatchObject({ template_code: 'SINV' });
	});

	it('refuses a plural of a builtin kind, so it does not become a custom kind by mistake', async () => {
		const { error } = await setup({
			operation: 'set',
			documentKind: byCode('sales_invoices'),
			templateCode: byCode('SINV'),
		});
		expect(error?.message).toBe(
			'Document kind "sales_invoices" looks like the builtin kind sales_invoice',
		);
		expect(await slot('sales_invoices')).toBeUndefined();
	});

	it('turns bad items into error items under continueOnFail, and the others go through', async () => {
		const { items, error } = await setup(
			{
				operation: 'set',
				documentKind: byCode('={{ $json.kind }}'),
				templateCode: byCode('={{ $json.template }}'),
			},
			{
				continueOnFail: true,
				items: [
					{ kind: 'sales_quote', template: 'SQUOTE' },
					{ kind: '9 lives', template: 'SQUOTE' },
					{ kind: 'sales_invoice', template: 'NOPE' },
					{ kind: 'sales_invoice', template: 'SINV' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items[1].json).toMatchObject({ errorCode: 'VALIDATION', errorField: 'kind' });
		expect(items[2].json).toMatchObject({ errorCode: 'NOT_FOUND', errorField: 'templateCode' });
		expect(items[3].json).toMatchObject({ kind: 'sales_invoice', templateCode: 'SINV' });
		const assigned = await t
			.db('interaction_template_setup')
			.whereNotNull('template_code')
			.orderBy('document_kind')
			.select('document_kind', 'template_code');
		expect(assigned).toEqual([
			{ document_kind: 'sales_invoice', template_code: 'SINV' },
			{ document_kind: 'sales_quote', template_code: 'SQUOTE' },
		]);
	});

	it('keeps a template that the setup uses: deleting it names the slot', async () => {
		await slotWith('sales_invoice', 'SINV');
		const { error } = await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'delete',
			templateCode: byCode('SINV'),
		});
		expect(error?.message).toBe(
			'Interaction template SINV is used by the template setup for sales_invoice',
		);
		expect(error?.description).toContain('Clear or change the template setup');
		expect(await slot('sales_invoice')).toMatchObject({ template_code: 'SINV' });
	});

	it('offers builtin and custom kinds in the picker, with labels and templates', async () => {
		await slotWith('sales_invoice', 'SINV');
		await setup({
			operation: 'set',
			documentKind: byCode('support_ticket'),
			templateCode: byCode('SQUOTE'),
		});
		const context = {
			getCredentials: async () => credentialOf(t.config),
		} as unknown as ILoadOptionsFunctions;

		const invoices = await searchDocumentKinds.call(context, 'invoice');
		expect(invoices.results).toEqual([
			{ name: 'Sales Invoice (sales_invoice) – SINV', value: 'sales_invoice' },
			{
				name: 'Sales Draft Invoice (sales_draft_invoice) – not recorded',
				value: 'sales_draft_invoice',
			},
			{ name: 'Purchase Invoice (purchase_invoice) – not recorded', value: 'purchase_invoice' },
		]);
		const all = await searchDocumentKinds.call(context);
		expect(all.results).toHaveLength(31);
		expect(all.results.at(-1)).toEqual({
			name: 'Support ticket (support_ticket) – SQUOTE',
			value: 'support_ticket',
		});
	});

	async function slotWith(kind: string, templateCode: string) {
		await t
			.db('interaction_template_setup')
			.where({ document_kind: kind })
			.update({ template_code: templateCode });
	}
});
