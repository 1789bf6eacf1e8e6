import type {
	ICredentialDataDecryptedObject,
	ILoadOptionsFunctions,
	INodeParameters,
} from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { getDatabase } from '../../lib/db';
import { toConnectionConfig } from '../../nodes/shared/connection';
import { searchContacts } from '../../nodes/shared/methods/listSearch';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { byCode, credentialOf, runNode } from '../support/workflow';

const autoMap = { resource: 'contact', operation: 'upsert', dataMode: 'autoMap' };

describe.each(BACKENDS)('%s: Interaction Setup node, contacts', (backend) => {
	const t = useTestDatabase(backend);
	const setup = (parameters: INodeParameters, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'interactionSetup', parameters, options);
	const contactRows = async () =>
		await t
			.db('contacts')
			.orderBy('contact_no')
			.select('contact_no', 'type', 'company_no', 'name', 'email', 'correspondence_type');

	beforeEach(async () => await resetData(t.db));

	describe('upsert', () => {
		it('maps fields from parameters per item: a company with its customer number and its person', async () => {
			const { items, error } = await setup(
				{
					resource: 'contact',
					operation: 'upsert',
					dataMode: 'defineBelow',
					contactNo: '={{ $json.no }}',
					name: '={{ $json.name }}',
					companyNo: '={{ $json.company }}',
					additionalFields: {
						email: '={{ $json.email }}',
						correspondenceType: 'email',
						businessRelations: {
							relation: [{ relation: 'Customer', externalNo: '={{ $json.customerNo }}' }],
						},
					},
				},
				{
					items: [
						{ no: 'ct101', name: 'Ann Lee', company: 'CT100', email: 'ann@adatum.example' },
						{ no: 'ct100', name: 'Adatum', email: 'info@adatum.example', customerNo: 'C10000' },
					],
				},
			);
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{ json: { contactNo: 'CT101', upserted: true }, pairedItem: { item: 0 } },
				{ json: { contactNo: 'CT100', upserted: true }, pairedItem: { item: 1 } },
			]);
			expect(await contactRows()).toEqual([
				{
					contact_no: 'CT100',
					type: 'company',
					company_no: 'CT100',
					name: 'Adatum',
					email: 'info@adatum.example',
					correspondence_type: 'email',
				},
				{
					contact_no: 'CT101',
					type: 'person',
					company_no: 'CT100',
					name: 'Ann Lee',
					email: 'ann@adatum.example',
					correspondence_type: 'email',
				},
			]);
			// The person has no customer number: its relation row is left out.
			expect(await t.db('contact_business_relations').select('*')).toEqual([
				{ relation: 'customer', external_no: 'C10000', contact_no: 'CT100' },
			]);
		});

		it('auto-maps the contact fields of each item and ignores the others', async () => {
			const { items, error } = await setup(autoMap, {
				items: [
					{
						contactNo: 'CT200',
						name: 'Fabrikam',
						businessRelations: [{ relation: 'vendor', externalNo: 'V2000' }],
						crmId: 42,
					},
					{ contactNo: 'CT201', type: 'person', companyNo: 'CT200', name: 'Bo Li' },
				],
			});
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.contactNo)).toEqual(['CT200', 'CT201']);
			const fabrikam = await setup({
				resource: 'contact',
				operation: 'get',
				contactNo: byCode('ct200'),
			});
			expect(fabrikam.items[0].json).toMatchObject({
				contactNo: 'CT200',
				type: 'company',
				businessRelations: [{ relation: 'vendor', externalNo: 'V2000' }],
			});
			expect(fabrikam.items[0].json).not.toHaveProperty('crmId');
		});

		it('upserts 10,000 contacts in one execution with a bounded number of statements', async () => {
			const items = Array.from({ length: 10000 }, (_, i) =>
				i < 2000
					? {
							contactNo: `CO${i}`,
							name: `Company ${i}`,
							businessRelations: [{ relation: 'customer', externalNo: `C${i}` }],
						}
					: { contactNo: `PE${i}`, companyNo: `CO${i % 2000}`, name: `Person ${i}` },
			);
			// The node's Knex: the one cached for the credential (on the server, the test's own
			// config has a URL, so it is another instance).
			const nodeDb = await getDatabase(
				toConnectionConfig(credentialOf(t.config) as ICredentialDataDecryptedObject),
			);
			const statements: string[] = [];
			const count = (query: { sql: string }) => statements.push(query.sql);
			nodeDb.on('query', count);
			try {
				const { items: output, error } = await setup(autoMap, { items });
				expect(error).toBeUndefined();
				expect(output).toHaveLength(10000);
				expect(output[9999]).toEqual({
					json: { contactNo: 'PE9999', upserted: true },
					pairedItem: { item: 9999 },
				});
			} finally {
				nodeDb.removeListener('query', count);
			}
			// begin, 2 checks, 2 contact upserts of 5,000 rows, 1 relation delete, 1 relation insert,
			// commit: not one statement per item.
			expect(statements).toHaveLength(8);
			expect(await t.db('contacts').count('* as n').first()).toEqual({ n: 10000 });
		});

		it('names the item and field of a bad email, and writes none of the items', async () => {
			const { error } = await setup(autoMap, {
				items: [
					{ contactNo: 'CT1', name: 'Good' },
					{ contactNo: 'CT2', name: 'Bad', email: 'not-an-address' },
				],
			});
			expect(error).toMatchObject({
				message: 'email "not-an-address" is not an e-mail address',
				itemIndex: 1,
			});
			expect(error?.description).toContain('Field: email');
			expect(await contactRows()).toEqual([]);
		});

		it('refuses a wrong correspondence type coming from an expression, naming item and field', async () => {
			const { error } = await setup(
				{
					resource: 'contact',
					operation: 'upsert',
					dataMode: 'defineBelow',
					contactNo: 'CT1',
					additionalFields: { correspondenceType: '={{ $json.channel }}' },
				},
				{ items: [{ channel: 'pigeon' }] },
			);
			expect(error).toMatchObject({ itemIndex: 0 });
			expect(error?.message).toMatch(/^correspondenceType "pigeon" is not one of/);
			expect(error?.description).toContain('Field: correspondenceType');
			expect(await contactRows()).toEqual([]);
		});

		it('names the item of a person whose company does not exist, and writes nothing', async () => {
			const { error } = await setup(autoMap, {
				items: [
					{ contactNo: 'CT1', name: 'Good' },
					{ contactNo: 'CT2', type: 'person', companyNo: 'CT9' },
				],
			});
			expect(error).toMatchObject({
				message: 'Company contact CT9 does not exist',
				itemIndex: 1,
			});
			expect(await contactRows()).toEqual([]);
		});

		it('with continueOnFail writes the valid items together and pairs an error item to each bad one', async () => {
			await upsertContacts(t.db, [{ contactNo: 'CT900', businessRelations: [] }]);
			await upsertContacts(t.db, [
				{ contactNo: 'CT901', businessRelations: [{ relation: 'customer', externalNo: 'C1' }] },
			]);
			const { items, error } = await setup(autoMap, {
				continueOnFail: true,
				items: [
					{ contactNo: 'CT1', name: 'Company one' },
					{ contactNo: 'CT2', email: 'nope' },
					{ contactNo: 'CT3', type: 'person', companyNo: 'CT404' },
					{ contactNo: 'CT4', type: 'person', companyNo: 'CT1' },
					{ contactNo: 'CT1', name: 'Twice' },
					{ contactNo: 'CT5', businessRelations: [{ relation: 'customer', externalNo: 'C1' }] },
					{ contactNo: 'x'.repeat(21) },
				],
			});
			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3, 4, 5, 6].map((item) => ({ item })),
			);
			expect(items.map((item) => item.json.errorField ?? item.json.contactNo)).toEqual([
				'CT1',
				'email',
				'companyNo',
				'CT4',
				'contactNo',
				'businessRelations',
				'contactNo',
			]);
			expect(items[2].json).toMatchObject({
				error: 'Company contact CT404 does not exist',
				errorCode: 'NOT_FOUND',
			});
			expect(items[4].json.error).toMatch(/^Contact CT1 is given twice in this batch/);
			expect(items[5].json).toMatchObject({ errorCode: 'CONFLICT' });
			expect((await contactRows()).map((row) => row.contact_no)).toEqual([
				'CT1',
				'CT4',
				'CT900',
				'CT901',
			]);
		});
	});

	describe('get, get many and delete', () => {
		beforeEach(async () => {
			await upsertContacts(t.db, [
				{ contactNo: 'CT100', name: 'Adatum' },
				{ contactNo: 'CT101', companyNo: 'CT100', name: 'Ann Lee' },
				{ contactNo: 'CT102', companyNo: 'CT100', name: 'Carl Diaz' },
				{ contactNo: 'CT200', name: 'Fabrikam' },
				{ contactNo: 'CT201', companyNo: 'CT200', name: 'Bo Li' },
			]);
		});

		it('gets a contact, and names the field of an unknown one', async () => {
			const found = await setup({
				resource: 'contact',
				operation: 'get',
				contactNo: byCode('CT101'),
			});
			expect(found.items[0].json).toMatchObject({
				contactNo: 'CT101',
				type: 'person',
				companyNo: 'CT100',
				businessRelations: [],
			});
			const missing = await setup({
				resource: 'contact',
				operation: 'get',
				contactNo: byCode('CT999'),
			});
			expect(missing.error).toMatchObject({
				message: 'Contact CT999 does not exist',
				itemIndex: 0,
			});
			expect(missing.error?.description).toContain('Field: contactNo');
		});

		it('lists contacts by number with a limit, after a number, and by company and type', async () => {
			const list = (parameters: INodeParameters) =>
				setup({ resource: 'contact', operation: 'getMany', ...parameters });
			const numbers = async (parameters: INodeParameters) =>
				(await list(parameters)).items.map((item) => item.json.contactNo);

			expect(await numbers({ limit: 2 })).toEqual(['CT100', 'CT101']);
			expect(await numbers({ limit: 2, filters: { afterContactNo: 'CT101' } })).toEqual([
				'CT102',
				'CT200',
			]);
			expect(await numbers({ returnAll: true })).toHaveLength(5);
			expect(
				await numbers({ returnAll: true, filters: { companyNo: 'ct100', type: 'person' } }),
			).toEqual(['CT101', 'CT102']);
			expect(await numbers({ returnAll: true, filters: { search: 'li' } })).toEqual(['CT201']);
		});

		it('reads past the page size of the library when all are asked for', async () => {
			await upsertContacts(
				t.db,
				Array.from({ length: 1500 }, (_, i) => ({ contactNo: `X${String(i).padStart(4, '0')}` })),
			);
			const { items } = await setup({ resource: 'contact', operation: 'getMany', returnAll: true });
			expect(items).toHaveLength(1505);
			expect(new Set(items.map((item) => item.json.contactNo)).size).toBe(1505);
			const limited = await setup({ resource: 'contact', operation: 'getMany', limit: 1200 });
			expect(limited.items).toHaveLength(1200);
		});

		it('deletes a person, and refuses a company that still has persons', async () => {
			const deleted = await setup({
				resource: 'contact',
				operation: 'delete',
				contactNo: byCode('CT201'),
			});
			expect(deleted.items[0].json).toEqual({
				contactNo: 'CT201',
				deleted: true,
				entriesUpdated: 0,
			});
			const refused = await setup({
				resource: 'contact',
				operation: 'delete',
				contactNo: byCode('CT100'),
			});
			expect(refused.error?.message).toBe('Company CT100 still has persons: CT101, CT102');
			expect((await contactRows()).map((row) => row.contact_no)).toEqual([
				'CT100',
				'CT101',
				'CT102',
				'CT200',
			]);
		});

		it('offers contacts in the picker by number or name, page by page', async () => {
			const context = {
				getCredentials: async () => credentialOf(t.config),
			} as unknown as ILoadOptionsFunctions;
			const found = await searchContacts.call(context, 'carl');
			expect(found).toEqual({
				results: [{ name: 'CT102 – Carl Diaz', value: 'CT102' }],
				paginationToken: undefined,
			});
			await upsertContacts(
				t.db,
				Array.from({ length: 150 }, (_, i) => ({ contactNo: `Q${String(i).padStart(3, '0')}` })),
			);
			const first = await searchContacts.call(context, 'q');
			expect(first.results).toHaveLength(100);
			const second = await searchContacts.call(context, 'q', first.paginationToken as string);
			expect(second).toMatchObject({ paginationToken: undefined });
			expect(second.results).toHaveLength(50);
			expect(second.results[0]).toEqual({ name: 'Q100', value: 'Q100' });
		});
	});
});
