import type { INodeParameters } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedRecordingSetup } from '../support/record-fixtures';
import { runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: contacts by number series and e-mail, in the nodes', (backend) => {
	const t = useTestDatabase(backend);
	const setup = (parameters: INodeParameters, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'interactionSetup', parameters, options);
	const record = (parameters: INodeParameters, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'recordInteraction', parameters, options);

	beforeEach(async () => {
		await resetData(t.db);
		await t.db('number_series').update({ prefix: 'CT', width: 6, last_no: 0 });
		await seedRecordingSetup(t.db);
	});

	it('shows and sets the contact number series, and numbers contacts upserted without a number from it', async () => {
		const shown = await setup({ resource: 'contact', operation: 'getNumberSeries' });
		expect(shown.items?.[0].json).toMatchObject({
			prefix: 'CT',
			width: 6,
			nextContactNo: 'CT000001',
		});
		const set = await setup({
			resource: 'contact',
			operation: 'setNumberSeries',
			prefix: 'cu',
			width: 5,
			nextNo: 42,
		});
		expect(set.items?.[0].json).toMatchObject({ prefix: 'CU', width: 5, nextContactNo: 'CU00042' });
		const { items, error } = await setup(
			{
				resource: 'contact',
				operation: 'upsert',
				dataMode: 'defineBelow',
				contactNo: '',
				name: '={{ $json.name }}',
				additionalFields: {
					businessRelations: {
						relation: [{ relation: 'xero_contact', externalNo: '={{ $json.xeroId }}' }],
					},
				},
			},
			{
				items: [
					{ name: 'Lower', xeroId: 'aa11-Bb22' },
					{ name: 'Upper', xeroId: 'AA11-BB22' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items?.map((item) => item.json)).toEqual([
			{ contactNo: 'CU00042', upserted: true },
			{ contactNo: 'CU00043', upserted: true },
		]);
	});

	it('finds a contact by e-mail address, and a company by domain only when asked', async () => {
		await upsertContacts(t.db, [
			{ contactNo: 'CT100', name: 'Adatum', homePage: 'www.adatum.example' },
		]);
		const find = (email: string, emailMatch = 'address') =>
			setup({ resource: 'contact', operation: 'findByEmail', email, emailMatch });
		expect((await find('ANN@adatum.example')).items?.[0].json).toMatchObject({
			found: true,
			matchedBy: 'address',
			contactNo: 'CT200',
		});
		expect((await find('carl@adatum.example')).items?.[0].json).toEqual({
			found: false,
			email: 'carl@adatum.example',
			reason: 'No contact has the e-mail address carl@adatum.example',
		});
		expect((await find('carl@adatum.example', 'address_or_domain')).items?.[0].json).toMatchObject({
			found: true,
			matchedBy: 'domain',
			contactNo: 'CT100',
		});
	});

	it('records by e-mail address in Record Interaction, skipping a stranger with the reason', async () => {
		const { items, error } = await record(
			{
				target: 'contact',
				findContactBy: 'email',
				email: '={{ $json.from }}',
				templateCode: { __rl: true, mode: 'id', value: 'OUTCALL' },
				description: '={{ $json.subject }}',
				unknownContact: 'skip',
				options: { idempotencyKey: '={{ $json.messageId }}' },
			},
			{
				items: [
					{ from: 'Ann Lee <ann@adatum.example>', subject: 'Hello', messageId: '<m1@x>' },
					{ from: 'prize@stranger.example', subject: 'You won', messageId: '<m2@x>' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items?.map((item) => item.json)).toEqual([
			expect.objectContaining({ recorded: true, contactNo: 'CT200', description: 'Hello' }),
			expect.objectContaining({
				recorded: false,
				reason:
					'No contact has the e-mail address prize@stranger.example: nothing was recorded (Unknown Contact: Skip).',
			}),
		]);
	});

	it('creates an unknown customer of a document event from the series, and names New Contact → Contact No. when it is too long', async () => {
		const parameters = (newContact: Record<string, string>) => ({
			target: 'documentEvent',
			documentKind: { __rl: true, mode: 'id', value: 'sales_invoice' },
			documentNo: '={{ $json.invoiceNo }}',
			findContactBy: 'businessRelation',
			relation: 'xero_contact',
			externalNo: '={{ $json.contactId }}',
			unknownContact: 'create',
			newContact,
		});
		const event = { invoiceNo: 'INV-9', contactId: '7f3c9B2e-41aD-4c8e-9F10-2b6E0d5A9c11' };
		const tooLong = await record(parameters({ contactNo: '={{ $json.contactId }}' }), {
			items: [event],
		});
		expect(tooLong.error?.message).toMatch(/^newContact\.contactNo /);
		expect(tooLong.error?.description).toContain('Field: newContact.contactNo.');
		const { items, error } = await record(parameters({ name: 'Xero customer' }), {
			items: [event],
		});
		expect(error).toBeUndefined();
		expect(items?.[0].json).toMatchObject({ recorded: true, contactNo: 'CT000001' });
	});
});
