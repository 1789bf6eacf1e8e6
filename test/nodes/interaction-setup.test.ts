import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { getDatabase } from '../../lib/db';
import { toConnectionConfig } from '../../nodes/shared/connection';
import { byCode, credentialOf, runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: Interaction Setup node, groups and templates', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const createGroup = (code: string) =>
		runNode(t.config, 'interactionSetup', {
			resource: 'group',
			operation: 'create',
			code,
			description: `${code} group`,
		});

	it('shares one pooled instance between the credential of the node and the test', async () => {
		const fromCredential = toConnectionConfig(credentialOf(t.config) as Record<string, never>);
		expect(await getDatabase(fromCredential)).toBe(t.db);
	});

	it('creates templates from expressions per item, with paired items, codes upper-cased', async () => {
		await createGroup('phone');
		const { items, error } = await runNode(
			t.config,
			'interactionSetup',
			{
				resource: 'template',
				operation: 'create',
				code: '={{ $json.code }}',
				groupCode: 'PHONE',
				description: '={{ $json.text }}',
				additionalFields: {
					unitCost: '={{ $json.cost }}',
					informationFlow: 'outbound',
					initiatedBy: 'us',
				},
			},
			{
				items: [
					{ code: ' outcall ', text: 'Outgoing call', cost: 2.5 },
					{ code: 'incall', text: 'Incoming call', cost: '0' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({
			code: 'OUTCALL',
			groupCode: 'PHONE',
			unitCost: 2.5,
			informationFlow: 'outbound',
			initiatedBy: 'us',
		});
		expect(await t.db('interaction_templates').orderBy('code').pluck('code')).toEqual([
			'INCALL',
			'OUTCALL',
		]);
	});

	it('names the item and the field for an unknown group, and writes nothing', async () => {
		const { error } = await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'create',
			code: 'MEET',
			groupCode: 'NOPE',
		});
		expect(error).toMatchObject({ message: 'Interaction group NOPE does not exist', itemIndex: 0 });
		expect(error?.description).toContain('Field: groupCode');
		expect(await t.db('interaction_templates').count<{ count: number }[]>('* as count')).toEqual([
			{ count: 0 },
		]);
	});

	it('turns bad items into error items under continueOnFail, and the others go through', async () => {
		await createGroup('PHONE');
		const { items, error } = await runNode(
			t.config,
			'interactionSetup',
			{
				resource: 'template',
				operation: 'upsert',
				code: '={{ $json.code }}',
				groupCode: 'PHONE',
				additionalFields: {
					unitCost: '={{ $json.cost }}',
					correspondenceType: '={{ $json.type }}',
				},
			},
			{
				continueOnFail: true,
				items: [
					{ code: 'A', cost: 1, type: 'email' },
					{ code: 'B', cost: -3, type: 'email' },
					{ code: 'C', cost: 1, type: 'pigeon' },
					{ code: 'D', cost: 1, type: 'Hard Copy' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[1].json).toMatchObject({
			errorCode: 'VALIDATION',
			errorField: 'unitCost',
			error: 'unitCost must not be negative, got -3',
		});
		expect(items[2].json).toMatchObject({
			errorCode: 'VALIDATION',
			errorField: 'correspondenceType',
		});
		expect(items[3].json).toMatchObject({ code: 'D', correspondenceType: 'hard_copy' });
		expect(await t.db('interaction_templates').orderBy('code').pluck('code')).toEqual(['A', 'D']);
	});

	it('sends failing items to the error output with their fields, the others to the main output', async () => {
		await createGroup('PHONE');
		const { items, errorItems } = await runNode(
			t.config,
			'interactionSetup',
			{
				resource: 'template',
				operation: 'upsert',
				code: '={{ $json.code }}',
				groupCode: 'PHONE',
				additionalFields: { unitCost: '={{ $json.cost }}' },
			},
			{
				errorOutput: true,
				items: [
					{ code: 'A', cost: 1 },
					{ code: 'B', cost: -1 },
				],
			},
		);
		expect(items.map((item) => item.json.code)).toEqual(['A']);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json).toMatchObject({
			code: 'B',
			cost: -1,
			error: 'unitCost must not be negative, got -1',
			message: 'Field: unitCost. Give 0 or more.',
		});
		expect(errorItems[0].pairedItem).toEqual({ item: 1 });
	});

	it('gets, lists and updates a template, and a template in the setup cannot be deleted', async () => {
		await createGroup('SALES');
		await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'create',
			code: 'SINV',
			groupCode: 'SALES',
			description: 'Sales invoice',
		});
		await t
			.db('interaction_template_setup')
			.where({ document_kind: 'sales_invoice' })
			.update({ template_code: 'SINV' });

		const updated = await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'update',
			templateCode: byCode('sinv'),
			updateFields: { unitDurationMin: 5 },
		});
		expect(updated.items[0].json).toMatchObject({
			code: 'SINV',
			description: 'Sales invoice',
			unitDurationMin: 5,
		});

		const listed = await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'getMany',
			filters: { search: 'invoice' },
		});
		expect(listed.items.map((item) => item.json.code)).toEqual(['SINV']);

		const deleted = await runNode(t.config, 'interactionSetup', {
			resource: 'template',
			operation: 'delete',
			templateCode: byCode('SINV'),
		});
		expect(deleted.error?.message).toBe(
			'Interaction template SINV is used by the template setup for sales_invoice',
		);
		expect(await t.db('interaction_templates').pluck('code')).toEqual(['SINV']);
	});

	it('refuses a description over 100 characters, naming the field', async () => {
		const { error } = await runNode(t.config, 'interactionSetup', {
			resource: 'group',
			operation: 'create',
			code: 'LETTER',
			description: 'x'.repeat(101),
		});
		expect(error).toMatchObject({
			message: 'description is 101 characters long; at most 100 are allowed',
			itemIndex: 0,
		});
	});
});
