import type { Knex } from 'knex';

import {
	deleteContact,
	findContactByRelation,
	getContact,
	listContacts,
	upsertContact,
	upsertContacts,
	type ContactInput,
} from '../../lib/contacts';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

async function contactRows(db: Knex) {
	return await db('contacts')
		.orderBy('contact_no')
		.select('contact_no', 'type', 'company_no', 'name', 'email', 'privacy_blocked');
}

async function relationRows(db: Knex) {
	return await db('contact_business_relations').orderBy(['relation', 'external_no']).select('*');
}

/** A log entry as the recording code will write it; only the columns these tests look at. */
async function logEntry(
	db: Knex,
	entry: { contact_no: string | null; contact_company_no: string | null; document_no?: string },
): Promise<number> {
	const [row] = await db('interaction_log_entries')
		.insert({
			...entry,
			document_kind: entry.document_no ? 'sales_invoice' : null,
			occurred_at: new Date('2026-11-25T10:00:00Z'),
			template_code: 'LETTER',
			group_code: 'LETTERS',
		})
		.returning('entry_no');
	return Number(row.entry_no);
}

async function entryLinks(db: Knex) {
	return await db('interaction_log_entries')
		.orderBy('entry_no')
		.select('entry_no', 'contact_no', 'contact_company_no');
}

const adatum: ContactInput = {
	contactNo: 'CT100',
	name: 'Adatum Corporation',
	email: 'info@adatum.example',
	businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
};
const ann: ContactInput = {
	contactNo: 'CT101',
	type: 'person',
	companyNo: 'CT100',
	name: 'Ann Lee',
};

describe.each(BACKENDS)('%s: contacts', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(() => resetData(t.db));

	describe('upsertContact', () => {
		it('creates a company whose company number is its own, with trimmed, upper-cased number', async () => {
			const contact = await upsertContact(t.db, { ...adatum, contactNo: ' ct100 ' });
			expect(contact).toMatchObject({
				contactNo: 'CT100',
				type: 'company',
				companyNo: 'CT100',
				businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
			});
			expect(await contactRows(t.db)).toEqual([
				{
					contact_no: 'CT100',
					type: 'company',
					company_no: 'CT100',
					name: 'Adatum Corporation',
					email: 'info@adatum.example',
					privacy_blocked: false,
				},
			]);
		});

		it('creates a person of a company and replaces its fields on the next upsert', async () => {
			await upsertContact(t.db, adatum);
			await upsertContact(t.db, { ...ann, email: 'ann@adatum.example', privacyBlocked: 'true' });
			await upsertContact(t.db, { ...ann, name: 'Ann Lee-Smith' });
			expect((await contactRows(t.db))[1]).toEqual({
				contact_no: 'CT101',
				type: 'person',
				company_no: 'CT100',
				name: 'Ann Lee-Smith',
				email: null,
				privacy_blocked: false,
			});
		});

		it('keeps the type of an existing person when none is given', async () => {
			await upsertContacts(t.db, [adatum, ann]);
			const updated = await upsertContact(t.db, { contactNo: 'CT101', name: 'Ann Lee-Smith' });
			expect(updated).toMatchObject({ type: 'person', companyNo: null, name: 'Ann Lee-Smith' });
		});

		it('takes a contact with the number of another contact as companyNo for a person', async () => {
			await upsertContact(t.db, adatum);
			const created = await upsertContact(t.db, { contactNo: 'CT105', companyNo: 'CT100' });
			expect(created).toMatchObject({ type: 'person', companyNo: 'CT100' });
		});

		it('names no batch index for a single contact', async () => {
			const error = await upsertContact(t.db, ann).catch((e: unknown) => e);
			expect(error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'companyNo' } });
			expect((error as { details: { index?: number } }).details.index).toBeUndefined();
		});

		it('keeps the relations when none are given and removes them for an empty list', async () => {
			await upsertContact(t.db, adatum);
			await upsertContact(t.db, { contactNo: 'CT100', name: 'Adatum' });
			expect(await relationRows(t.db)).toEqual([
				{ relation: 'customer', external_no: 'C10000', contact_no: 'CT100' },
			]);
			await upsertContact(t.db, { contactNo: 'CT100', businessRelations: [] });
			expect(await relationRows(t.db)).toEqual([]);
		});

		it('normalises relation names and keeps the case of external numbers', async () => {
			const contact = await upsertContact(t.db, {
				contactNo: 'CT100',
				businessRelations: [
					{ relation: 'Customer', externalNo: ' cus_9s6XKz ' },
					{ relation: 'Bank Account', externalNo: 'DE89' },
					{ relation: 'customer', externalNo: 'cus_9s6XKz' },
				],
			});
			expect(contact.businessRelations).toEqual([
				{ relation: 'bank_account', externalNo: 'DE89' },
				{ relation: 'customer', externalNo: 'cus_9s6XKz' },
			]);
		});

		it.each([
			[{ email: 'not-an-address' }, 'email'],
			[{ email: `${'a'.repeat(75)}@b.example` }, 'email'],
			[{ name: 'n'.repeat(101) }, 'name'],
			[{ phone: '1'.repeat(31) }, 'phone'],
			[{ type: 'robot' }, 'type'],
			[{ correspondenceType: 'pigeon' }, 'correspondenceType'],
			[{ privacyBlocked: 'maybe' }, 'privacyBlocked'],
			[{ contactNo: 'C'.repeat(21) }, 'contactNo'],
			[{ contactNo: { no: 'CT1' } }, 'contactNo'],
			[{ type: 'company', companyNo: 'CT999' }, 'companyNo'],
			[{ salespersonCode: { code: 'JO' } }, 'salespersonCode'],
			[{ businessRelations: 'customer C1' }, 'businessRelations'],
			[
				{ businessRelations: [{ relation: '1x', externalNo: 'A' }] },
				'businessRelations[0].relation',
			],
			[{ businessRelations: [{ relation: 'customer' }] }, 'businessRelations[0].externalNo'],
		])('refuses %j with a VALIDATION error on %s, writing nothing', async (change, field) => {
			await expect(upsertContact(t.db, { ...adatum, ...change })).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field },
			});
			expect(await contactRows(t.db)).toEqual([]);
		});

		it('accepts numbers and numeric text where text is expected', async () => {
			const contact = await upsertContact(t.db, { contactNo: 4711, phone: 4930123456, name: 42 });
			expect(contact).toMatchObject({ contactNo: '4711', phone: '4930123456', name: '42' });
		});

		it('refuses a person whose company does not exist', async () => {
			await expect(upsertContact(t.db, ann)).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'companyNo', value: 'CT100' },
			});
			expect(await contactRows(t.db)).toEqual([]);
		});

		it('refuses a person whose company is a person', async () => {
			await upsertContacts(t.db, [adatum, ann]);
			await expect(
				upsertContact(t.db, { contactNo: 'CT102', type: 'person', companyNo: 'CT101' }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'companyNo' } });
		});

		it('refuses a customer number another contact holds, naming that contact', async () => {
			await upsertContact(t.db, adatum);
			await expect(
				upsertContact(t.db, {
					contactNo: 'CT200',
					businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
				}),
			).rejects.toMatchObject({
				code: 'CONFLICT',
				message: expect.stringContaining('CT100'),
				details: { field: 'businessRelations' },
			});
			expect((await contactRows(t.db)).map((r) => r.contact_no)).toEqual(['CT100']);
		});

		it('refuses changing the type of a contact with log entries (docs/domain.md#s13)', async () => {
			await upsertContact(t.db, adatum);
			await logEntry(t.db, { contact_no: 'CT100', contact_company_no: 'CT100' });
			await expect(
				upsertContact(t.db, { contactNo: 'CT100', type: 'person' }),
			).rejects.toMatchObject({
				code: 'CONFLICT',
				details: { field: 'type' },
			});
			expect((await contactRows(t.db))[0].type).toBe('company');
		});

		it('refuses turning a company with persons into a person', async () => {
			await upsertContacts(t.db, [adatum, ann]);
			await expect(
				upsertContact(t.db, { contactNo: 'CT100', type: 'person' }),
			).rejects.toMatchObject({
				code: 'CONFLICT',
				details: { field: 'type' },
			});
		});
	});

	describe('upsertContacts', () => {
		it('accepts persons before their company in the same batch', async () => {
			const result = await upsertContacts(t.db, [ann, { ...ann, contactNo: 'ct102' }, adatum]);
			expect(result).toEqual({ count: 3, contactNos: ['CT101', 'CT102', 'CT100'] });
			expect((await contactRows(t.db)).map((r) => [r.contact_no, r.company_no])).toEqual([
				['CT100', 'CT100'],
				['CT101', 'CT100'],
				['CT102', 'CT100'],
			]);
		});

		it('writes nothing when one input is bad, and names its index', async () => {
			const batch = [
				adatum,
				ann,
				{ contactNo: 'CT103', email: 'nope' },
				{ contactNo: 'CT104', type: 'x' },
			];
			await expect(upsertContacts(t.db, batch)).rejects.toMatchObject({
				code: 'VALIDATION',
				message: expect.stringContaining('1 more invalid contact'),
				details: { field: 'email', index: 2 },
			});
			expect(await contactRows(t.db)).toEqual([]);
			expect(await relationRows(t.db)).toEqual([]);
		});

		it('writes nothing when a check against the database fails', async () => {
			await upsertContact(t.db, {
				contactNo: 'CT900',
				businessRelations: [{ relation: 'vendor', externalNo: 'V1' }],
			});
			const batch = [
				adatum,
				{ contactNo: 'CT200', businessRelations: [{ relation: 'vendor', externalNo: 'V1' }] },
			];
			await expect(upsertContacts(t.db, batch)).rejects.toMatchObject({
				code: 'CONFLICT',
				details: { index: 1 },
			});
			expect((await contactRows(t.db)).map((r) => r.contact_no)).toEqual(['CT900']);
		});

		it('refuses a contact given twice', async () => {
			await expect(upsertContacts(t.db, [adatum, { contactNo: 'ct100 ' }])).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field: 'contactNo', index: 1 },
			});
		});

		it('refuses one relation given to two contacts of the batch', async () => {
			const twin = {
				contactNo: 'CT200',
				businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
			};
			await expect(upsertContacts(t.db, [adatum, twin])).rejects.toMatchObject({
				code: 'CONFLICT',
				message: expect.stringContaining('CT100'),
				details: { index: 1 },
			});
		});

		it('moves a relation between two contacts replaced in the same batch', async () => {
			await upsertContact(t.db, adatum);
			await upsertContacts(t.db, [
				{ contactNo: 'CT100', businessRelations: [] },
				{ contactNo: 'CT200', businessRelations: [{ relation: 'customer', externalNo: 'C10000' }] },
			]);
			expect(await relationRows(t.db)).toEqual([
				{ relation: 'customer', external_no: 'C10000', contact_no: 'CT200' },
			]);
		});

		it('refuses a list that is not a list', async () => {
			await expect(upsertContacts(t.db, adatum as unknown as ContactInput[])).rejects.toMatchObject(
				{
					code: 'VALIDATION',
					details: { field: 'contacts' },
				},
			);
		});

		it('writes 10,000 contacts and their relations in a bounded number of statements', async () => {
			const companies = Array.from({ length: 2000 }, (_, i) => ({
				contactNo: `CO${i}`,
				name: `Company ${i}`,
				businessRelations: [{ relation: 'customer', externalNo: `C${i}` }],
			}));
			const persons = Array.from({ length: 8000 }, (_, i) => ({
				contactNo: `PE${i}`,
				type: 'person',
				companyNo: `CO${i % 2000}`,
				email: `p${i}@example.com`,
			}));
			const statements: string[] = [];
			const count = (query: { sql: string }) => statements.push(query.sql);
			t.db.on('query', count);
			try {
				// Persons first: their companies come later in the same batch.
				await upsertContacts(t.db, [...persons, ...companies]);
				const firstRun = statements.length;
				await upsertContacts(t.db, [...persons, ...companies]);
				const secondRun = statements.length - firstRun;
				// begin, 2 checks (stored contacts, relation holders), 2 contact upserts of 5,000 rows,
				// 1 relation delete and 1 relation insert (2,000 rows), commit: the same for updates.
				expect({ firstRun, secondRun }).toEqual({ firstRun: 8, secondRun: 8 });
				expect(statements.filter((sql) => sql.startsWith('insert into contacts'))).toHaveLength(4);
			} finally {
				t.db.removeListener('query', count);
			}
			expect(await t.db('contacts').count('* as n').first()).toEqual({ n: 10000 });
			expect(await t.db('contact_business_relations').count('* as n').first()).toEqual({ n: 2000 });
		});
	});

	describe('getContact', () => {
		it('refuses an unknown contact', async () => {
			await expect(getContact(t.db, 'CT1')).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'contactNo', value: 'CT1' },
			});
		});
	});

	describe('listContacts', () => {
		beforeEach(async () => {
			await upsertContacts(t.db, [
				adatum,
				ann,
				{ contactNo: 'CT102', type: 'person', companyNo: 'CT100', name: 'Bo Smith' },
				{ contactNo: 'CT200', name: 'Fabrikam', email: 'sales@fabrikam.example' },
			]);
		});

		it('pages by contact number', async () => {
			const first = await listContacts(t.db, { limit: 3 });
			const second = await listContacts(t.db, {
				limit: 3,
				afterContactNo: first.at(-1)?.contactNo,
			});
			expect(first.map((c) => c.contactNo)).toEqual(['CT100', 'CT101', 'CT102']);
			expect(second.map((c) => c.contactNo)).toEqual(['CT200']);
			expect(first[0].businessRelations).toEqual([{ relation: 'customer', externalNo: 'C10000' }]);
		});

		it('filters by search text, company and type', async () => {
			expect((await listContacts(t.db, { search: 'fabrik' })).map((c) => c.contactNo)).toEqual([
				'CT200',
			]);
			expect((await listContacts(t.db, { search: '100_' })).map((c) => c.contactNo)).toEqual([]);
			expect(
				(await listContacts(t.db, { companyNo: 'ct100', type: 'person' })).map((c) => c.contactNo),
			).toEqual(['CT101', 'CT102']);
		});

		it.each([0, 1001, 'ten'])('refuses the limit %j', async (limit) => {
			await expect(listContacts(t.db, { limit })).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field: 'limit' },
			});
		});
	});

	describe('findContactByRelation', () => {
		it('finds the contact of a customer number, or nothing', async () => {
			await upsertContact(t.db, adatum);
			const found = await findContactByRelation(t.db, {
				relation: 'Customer',
				externalNo: 'C10000',
			});
			expect(found?.contactNo).toBe('CT100');
			expect(
				await findContactByRelation(t.db, { relation: 'vendor', externalNo: 'C10000' }),
			).toBeUndefined();
		});

		it('refuses a blank number', async () => {
			await expect(
				findContactByRelation(t.db, { relation: 'customer', externalNo: ' ' }),
			).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field: 'externalNo' },
			});
		});
	});

	describe('deleteContact', () => {
		beforeEach(async () => {
			await upsertContacts(t.db, [adatum, ann]);
		});

		it("re-points a person's entries to its company and keeps them (docs/domain.md#s13)", async () => {
			const entry = await logEntry(t.db, { contact_no: 'CT101', contact_company_no: 'CT100' });
			expect(await deleteContact(t.db, 'ct101')).toEqual({
				contactNo: 'CT101',
				deleted: true,
				entriesUpdated: 1,
			});
			expect(await entryLinks(t.db)).toEqual([
				{ entry_no: entry, contact_no: 'CT100', contact_company_no: 'CT100' },
			]);
			expect((await contactRows(t.db)).map((r) => r.contact_no)).toEqual(['CT100']);
		});

		it('keeps only the company link of a person entry whose document the company already has', async () => {
			const own = await logEntry(t.db, {
				contact_no: 'CT100',
				contact_company_no: 'CT100',
				document_no: 'INV1',
			});
			const person = await logEntry(t.db, {
				contact_no: 'CT101',
				contact_company_no: 'CT100',
				document_no: 'INV1',
			});
			await deleteContact(t.db, 'CT101');
			expect(await entryLinks(t.db)).toEqual([
				{ entry_no: own, contact_no: 'CT100', contact_company_no: 'CT100' },
				{ entry_no: person, contact_no: null, contact_company_no: 'CT100' },
			]);
		});

		it("clears a company's entries and deletes its relations", async () => {
			await deleteContact(t.db, 'CT101');
			const own = await logEntry(t.db, { contact_no: 'CT100', contact_company_no: 'CT100' });
			const other = await logEntry(t.db, { contact_no: 'CT900', contact_company_no: 'CT900' });
			expect(await deleteContact(t.db, 'CT100')).toMatchObject({
				deleted: true,
				entriesUpdated: 1,
			});
			expect(await entryLinks(t.db)).toEqual([
				{ entry_no: own, contact_no: null, contact_company_no: null },
				{ entry_no: other, contact_no: 'CT900', contact_company_no: 'CT900' },
			]);
			expect(await relationRows(t.db)).toEqual([]);
		});

		it('refuses a company that still has persons', async () => {
			await expect(deleteContact(t.db, 'CT100')).rejects.toMatchObject({
				code: 'CONFLICT',
				message: expect.stringContaining('CT101'),
				details: { field: 'contactNo', hint: expect.any(String) },
			});
			expect(await contactRows(t.db)).toHaveLength(2);
		});

		it('refuses a contact in a segment line, leaving its entries alone', async () => {
			const entry = await logEntry(t.db, { contact_no: 'CT101', contact_company_no: 'CT100' });
			await t.db('segments').insert({ segment_no: 'SEG1' });
			await t.db('segment_lines').insert({ segment_no: 'SEG1', line_no: 1, contact_no: 'CT101' });
			await expect(deleteContact(t.db, 'CT101')).rejects.toMatchObject({
				code: 'CONFLICT',
				message: expect.stringContaining('SEG1'),
			});
			expect(await entryLinks(t.db)).toEqual([
				{ entry_no: entry, contact_no: 'CT101', contact_company_no: 'CT100' },
			]);
		});

		it('refuses an unknown contact', async () => {
			await expect(deleteContact(t.db, 'CT999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		});
	});
});
