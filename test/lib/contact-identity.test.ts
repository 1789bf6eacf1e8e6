import { DateTime } from 'luxon';

import {
	findContactByEmail,
	findContactByRelation,
	getContactNumberSeries,
	setContactNumberSeries,
	upsertContacts,
} from '../../lib/contacts';
import { isInteractionLogError } from '../../lib/core';
import { recordContactInteractions, recordDocumentEvents } from '../../lib/record';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedRecordingSetup } from '../support/record-fixtures';

const berlin = { timeZone: 'Europe/Berlin', now: DateTime.fromISO('2026-11-30T09:00:00Z') };

/** A Xero ContactID: a UUID, 36 characters, its case as Xero writes it. */
const XERO_ID = '7f3c9B2e-41aD-4c8e-9F10-2b6E0d5A9c11';

describe.each(BACKENDS)('%s: contacts as other systems know them', (backend) => {
	const t = useTestDatabase(backend);

	beforeEach(async () => {
		await resetData(t.db);
		await t.db('number_series').update({ prefix: 'CT', width: 6, last_no: 0 });
		await seedRecordingSetup(t.db);
	});

	const invoiceFor = (externalNo: string, documentNo: string) => ({
		documentKind: 'sales_invoice',
		documentNo,
		relation: 'xero_contact',
		externalNo,
		newContact: { name: `Xero ${externalNo.slice(0, 8)}` },
	});
	const createUnknown = { ...berlin, unknownContact: 'create' };

	const contactCount = async () =>
		Number((await t.db('contacts').count<{ n: string }[]>('* as n'))[0].n);

	describe('external ids kept exactly', () => {
		it('stores a 36-character id with its case and finds it only by the exact id', async () => {
			await upsertContacts(t.db, [
				{
					contactNo: 'CT500',
					name: 'Xero Ltd',
					businessRelations: [{ relation: 'xero_contact', externalNo: XERO_ID }],
				},
			]);
			const stored = await t
				.db('contact_business_relations')
				.where({ contact_no: 'CT500' })
				.first();
			expect(stored?.external_no).toBe(XERO_ID);
			expect(
				await findContactByRelation(t.db, { relation: 'xero_contact', externalNo: XERO_ID }),
			).toMatchObject({ contactNo: 'CT500' });
			expect(
				await findContactByRelation(t.db, {
					relation: 'xero_contact',
					externalNo: XERO_ID.toLowerCase(),
				}),
			).toBeUndefined();
		});

		it('keeps two ids that differ only in case as two contacts', async () => {
			await upsertContacts(t.db, [
				{
					contactNo: 'CT501',
					name: 'First',
					businessRelations: [{ relation: 'stripe_customer', externalNo: 'cus_U4kR9wq2MLk8bx' }],
				},
				{
					contactNo: 'CT502',
					name: 'Second',
					businessRelations: [{ relation: 'stripe_customer', externalNo: 'cus_U4KR9WQ2MLK8BX' }],
				},
			]);
			const lower = await findContactByRelation(t.db, {
				relation: 'stripe_customer',
				externalNo: 'cus_U4kR9wq2MLk8bx',
			});
			const upper = await findContactByRelation(t.db, {
				relation: 'stripe_customer',
				externalNo: 'cus_U4KR9WQ2MLK8BX',
			});
			expect([lower?.contactNo, upper?.contactNo]).toEqual(['CT501', 'CT502']);
		});

		it('takes 250 characters and refuses 251, naming the field', async () => {
			const long = 'x'.repeat(250);
			await upsertContacts(t.db, [
				{ contactNo: 'CT503', businessRelations: [{ relation: 'legacy', externalNo: long }] },
			]);
			expect(
				await findContactByRelation(t.db, { relation: 'legacy', externalNo: long }),
			).toMatchObject({
				contactNo: 'CT503',
			});
			await expect(
				upsertContacts(t.db, [
					{
						contactNo: 'CT504',
						businessRelations: [{ relation: 'legacy', externalNo: `${long}y` }],
					},
				]),
			).rejects.toMatchObject({
				code: 'VALIDATION',
				cause: { details: { field: 'businessRelations[0].externalNo' } },
			});
		});

		it('names New Contact → Contact No. when the number to create is too long', async () => {
			const [outcome] = await recordDocumentEvents(
				t.db,
				[
					{
						documentKind: 'sales_invoice',
						documentNo: 'INV-1',
						relation: 'xero_contact',
						externalNo: XERO_ID,
						newContact: { contactNo: XERO_ID, name: 'Xero Ltd' },
					},
				],
				{ ...berlin, unknownContact: 'create' },
			);
			expect(outcome.status).toBe('failed');
			const error = outcome.status === 'failed' ? outcome.error : undefined;
			expect(isInteractionLogError(error) && error.details.field).toBe('newContact.contactNo');
			expect(isInteractionLogError(error) && error.message).toMatch(/^newContact\.contactNo /);
		});
	});

	describe('number series', () => {
		it('creates a contact for an unknown Xero ContactID from the series and finds it on the next event', async () => {
			const [first] = await recordDocumentEvents(
				t.db,
				[invoiceFor(XERO_ID, 'INV-1')],
				createUnknown,
			);
			expect(first).toMatchObject({
				status: 'recorded',
				duplicate: false,
				entry: { contactNo: 'CT000001', contactCompanyNo: 'CT000001' },
			});
			expect(
				await findContactByRelation(t.db, { relation: 'xero_contact', externalNo: XERO_ID }),
			).toMatchObject({ contactNo: 'CT000001', name: 'Xero 7f3c9B2e', type: 'company' });
			const before = await contactCount();
			const [next, resent] = await recordDocumentEvents(
				t.db,
				[invoiceFor(XERO_ID, 'INV-2'), invoiceFor(XERO_ID, 'INV-1')],
				createUnknown,
			);
			expect(next).toMatchObject({
				status: 'recorded',
				duplicate: false,
				entry: { contactNo: 'CT000001' },
			});
			expect(resent).toMatchObject({
				status: 'recorded',
				duplicate: true,
				entry: { contactNo: 'CT000001' },
			});
			expect(await contactCount()).toBe(before);
			expect(await getContactNumberSeries(t.db)).toMatchObject({
				lastNo: 1,
				nextContactNo: 'CT000002',
			});
		});

		it('creates one contact for two events of one unknown id in a batch, two for ids differing only in case', async () => {
			const outcomes = await recordDocumentEvents(
				t.db,
				[
					invoiceFor('cus_U4kR9wq2MLk8bx', 'INV-1'),
					invoiceFor('cus_U4kR9wq2MLk8bx', 'INV-2'),
					invoiceFor('cus_U4KR9WQ2MLK8BX', 'INV-3'),
				],
				createUnknown,
			);
			expect(outcomes.map((o) => o.status === 'recorded' && o.entry.contactNo)).toEqual([
				'CT000001',
				'CT000001',
				'CT000002',
			]);
			const relations = await t
				.db('contact_business_relations')
				.where({ relation: 'xero_contact' })
				.orderBy('contact_no')
				.select('external_no', 'contact_no');
			expect(relations).toEqual([
				{ external_no: 'cus_U4kR9wq2MLk8bx', contact_no: 'CT000001' },
				{ external_no: 'cus_U4KR9WQ2MLK8BX', contact_no: 'CT000002' },
			]);
		});

		it('gives 8 concurrent creations 8 distinct numbers', async () => {
			const results = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					upsertContacts(t.db, [
						{
							name: `Concurrent ${i}`,
							businessRelations: [{ relation: 'shop', externalNo: `gid://shop/Customer/${i}` }],
						},
					]),
				),
			);
			const numbers = results.map((r) => r.contactNos[0]).sort();
			expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `CT00000${i + 1}`));
			expect(await getContactNumberSeries(t.db)).toMatchObject({ lastNo: 8 });
		});

		it('gives 8 concurrent document events for new customers 8 distinct numbers', async () => {
			const outcomes = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					recordDocumentEvents(t.db, [invoiceFor(`xero-${i}`, `INV-${i}`)], createUnknown),
				),
			);
			const numbers = outcomes.map(([o]) =>
				o.status === 'recorded' ? o.entry.contactNo : o.status,
			);
			expect(new Set(numbers).size).toBe(8);
			expect(numbers.every((no) => /^CT00000[1-8]$/.test(String(no)))).toBe(true);
		});

		it('updates the contact holding the relation when an upsert without number runs again', async () => {
			const input = {
				name: 'Fabrikam',
				businessRelations: [{ relation: 'customer', externalNo: 'C20000' }],
			};
			const first = await upsertContacts(t.db, [input]);
			const again = await upsertContacts(t.db, [{ ...input, name: 'Fabrikam Inc.' }]);
			expect(again.contactNos).toEqual(first.contactNos);
			expect(
				await findContactByRelation(t.db, { relation: 'customer', externalNo: 'C20000' }),
			).toMatchObject({
				contactNo: 'CT000001',
				name: 'Fabrikam Inc.',
			});
		});

		it('takes the prefix, digits and next number set, skipping numbers taken by hand', async () => {
			expect(
				await setContactNumberSeries(t.db, { prefix: 'cust-', width: 4, nextNo: 7 }),
			).toMatchObject({
				prefix: 'CUST-',
				width: 4,
				lastNo: 6,
				nextContactNo: 'CUST-0007',
			});
			await upsertContacts(t.db, [{ contactNo: 'CUST-0008', name: 'By hand' }]);
			const { contactNos } = await upsertContacts(t.db, [{ name: 'A' }, { name: 'B' }]);
			expect(contactNos).toEqual(['CUST-0007', 'CUST-0009']);
		});

		it('refuses a series that does not fit a contact number, and says when it has run out', async () => {
			await expect(
				setContactNumberSeries(t.db, { prefix: 'ABCDEFGHIJKLMNOP', width: 6 }),
			).rejects.toMatchObject({
				code: 'VALIDATION',
				details: { field: 'width' },
			});
			await setContactNumberSeries(t.db, { prefix: 'X', width: 1, nextNo: 9 });
			expect((await upsertContacts(t.db, [{ name: 'Last' }])).contactNos).toEqual(['X9']);
			await expect(upsertContacts(t.db, [{ name: 'One too many' }])).rejects.toMatchObject({
				code: 'CONFLICT',
			});
		});

		it('gives the numbers of a rolled-back batch back', async () => {
			const outcomes = await recordDocumentEvents(
				t.db,
				[
					invoiceFor('new-1', 'INV-1'),
					{ ...invoiceFor('new-2', 'INV-2'), documentKind: 'no_such_kind' },
				],
				createUnknown,
			);
			expect(outcomes.map((o) => o.status)).toEqual(['rolledBack', 'failed']);
			expect(await getContactNumberSeries(t.db)).toMatchObject({ lastNo: 0 });
			expect(
				await findContactByRelation(t.db, { relation: 'xero_contact', externalNo: 'new-1' }),
			).toBeUndefined();
		});
	});

	describe('find contact by e-mail', () => {
		beforeEach(async () => {
			await upsertContacts(t.db, [
				{
					contactNo: 'CT100',
					name: 'Adatum',
					email: 'info@adatum.example',
					homePage: 'https://www.Adatum.example/about',
				},
				{ contactNo: 'CT110', name: 'Shared Mailbox Ltd', email: 'office@shared.example' },
				{
					contactNo: 'CT111',
					name: 'Shared Person One',
					companyNo: 'CT110',
					email: 'office@shared.example',
				},
				{ contactNo: 'CT120', name: 'Twin A', companyNo: 'CT100', email: 'twins@adatum.example' },
				{ contactNo: 'CT121', name: 'Twin B', companyNo: 'CT100', email: 'TWINS@adatum.example' },
				{ contactNo: 'CT130', name: 'Gmail Company', email: 'orders.fabrikam@gmail.com' },
				{ contactNo: 'CT140', name: 'Contoso', email: 'sales@contoso.example' },
				{ contactNo: 'CT141', name: 'Contoso Again', homePage: 'contoso.example' },
			]);
		});

		it('finds the address case-insensitively, also as "Name <address>"', async () => {
			expect(
				await findContactByEmail(t.db, { email: 'Ann Lee <ANN@Adatum.Example>' }),
			).toMatchObject({
				found: true,
				matchedBy: 'address',
				contact: { contactNo: 'CT200' },
			});
		});

		it('prefers the one person to the company sharing an address, and refuses two persons', async () => {
			expect(await findContactByEmail(t.db, { email: 'office@shared.example' })).toMatchObject({
				contact: { contactNo: 'CT111' },
			});
			await expect(
				findContactByEmail(t.db, { email: 'twins@adatum.example' }),
			).rejects.toMatchObject({
				code: 'CONFLICT',
				message: '2 persons have the e-mail address twins@adatum.example: CT120, CT121',
				details: { field: 'email' },
			});
		});

		it('finds the company by its home page domain only when asked, and never by a public domain', async () => {
			expect(await findContactByEmail(t.db, { email: 'bob@adatum.example' })).toMatchObject({
				found: false,
				reason: 'No contact has the e-mail address bob@adatum.example',
			});
			expect(
				await findContactByEmail(t.db, {
					email: 'bob@adatum.example',
					emailMatch: 'address_or_domain',
				}),
			).toMatchObject({ found: true, matchedBy: 'domain', contact: { contactNo: 'CT100' } });
			expect(
				await findContactByEmail(t.db, {
					email: 'someone@gmail.com',
					emailMatch: 'address_or_domain',
				}),
			).toMatchObject({
				found: false,
				reason: expect.stringContaining('gmail.com is a public mail domain'),
			});
			await expect(
				findContactByEmail(t.db, { email: 'new@contoso.example', emailMatch: 'address_or_domain' }),
			).rejects.toMatchObject({
				code: 'CONFLICT',
				message: '2 companies are at the domain contoso.example: CT140, CT141',
			});
		});

		it('records for the contact of an address, skips a stranger with the reason, fails an ambiguous one', async () => {
			await t.db('contacts').update({ salesperson_code: 'JO' });
			const outcomes = await recordContactInteractions(
				t.db,
				[
					{
						email: 'Ann Lee <ann@adatum.example>',
						templateCode: 'OUTCALL',
						description: 'Hello',
						idempotencyKey: '<m1@x>',
					},
					{ email: 'stranger@elsewhere.example', templateCode: 'OUTCALL', description: 'Spam' },
					{ email: 'twins@adatum.example', templateCode: 'OUTCALL', description: 'Twins' },
				],
				{ ...berlin, batching: 'independently', unknownContact: 'skip' },
			);
			expect(outcomes[0]).toMatchObject({ status: 'recorded', entry: { contactNo: 'CT200' } });
			expect(outcomes[1]).toEqual({
				status: 'skipped',
				reason:
					'No contact has the e-mail address stranger@elsewhere.example: nothing was recorded (Unknown Contact: Skip).',
			});
			expect(outcomes[2]).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
		});

		it('finds the contact of a document event by address, and creates an unknown one with that address', async () => {
			const [known, created] = await recordDocumentEvents(
				t.db,
				[
					{ documentKind: 'sales_invoice', documentNo: 'INV-7', email: 'info@adatum.example' },
					{
						documentKind: 'sales_invoice',
						documentNo: 'INV-8',
						email: 'New Buyer <buyer@new.example>',
						newContact: { name: 'New Buyer' },
					},
				],
				createUnknown,
			);
			expect(known).toMatchObject({ status: 'recorded', entry: { contactNo: 'CT100' } });
			expect(created).toMatchObject({ status: 'recorded', entry: { contactNo: 'CT000001' } });
			expect(await findContactByEmail(t.db, { email: 'buyer@new.example' })).toMatchObject({
				contact: { contactNo: 'CT000001', name: 'New Buyer', email: 'buyer@new.example' },
			});
		});
	});
});
