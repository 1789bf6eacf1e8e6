import { DateTime } from 'luxon';

import { upsertContacts } from '../../lib/contacts';
import { cancelEntries } from '../../lib/log';
import { entriesCsv, eraseContact, exportContact } from '../../lib/privacy';
import { purgeCanceled } from '../../lib/purge';
import { recordContactInteractions } from '../../lib/record';
import { addSegmentContacts, createSegment } from '../../lib/segments';
import { createGroup, createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

const options = { timeZone: 'Europe/Berlin', now: DateTime.fromISO('2026-11-25T09:00:00Z') };

describe.each(BACKENDS)('%s: exportContact', (backend) => {
	const t = useTestDatabase(backend);

	async function record(contactNo: string, description: string, comment?: string) {
		const [outcome] = await recordContactInteractions(
			t.db,
			[{ contactNo, templateCode: 'CALL', description, comment, salespersonCode: 'JR' }],
			options,
		);
		if (outcome.status !== 'recorded') throw new Error(JSON.stringify(outcome));
		return outcome.entry.entryNo;
	}

	beforeEach(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'PHONE' });
		await createTemplate(t.db, { code: 'CALL', groupCode: 'PHONE', description: 'Call' });
		await upsertContacts(t.db, [
			{ contactNo: 'CT100', type: 'company', name: 'Adatum' },
			{
				contactNo: 'CT101',
				type: 'person',
				companyNo: 'CT100',
				name: 'Ann Lee',
				email: 'ann@adatum.example',
				businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
			},
			{ contactNo: 'CT102', type: 'person', companyNo: 'CT100', name: 'Bob Other' },
		]);
		await createSegment(t.db, { segmentNo: 'SEG1', description: 'Letters' });
		await addSegmentContacts(t.db, { segmentNo: 'SEG1', contactNos: ['CT101', 'CT102'] });
	});

	it('lists the contact, its relations, segment lines, entries, comments, canceled and purged history, and nothing of another contact', async () => {
		const kept = await record('CT101', 'Ann kept call', 'Ann comment');
		const canceled = await record('CT101', 'Ann canceled call');
		const purged = await record('CT101', 'Ann purged call', 'Ann purged comment');
		const bobs = await record('CT102', 'Bob call', 'Bob comment');
		const company = await record('CT100', 'Company call');
		await cancelEntries(t.db, { entryNos: [canceled, purged, bobs], reason: 'duplicate' });
		await purgeCanceled(t.db, { filters: { entryNoFrom: purged }, actor: 'nightly' });

		const document = await exportContact(t.db, 'ct101');
		expect(document.contact).toMatchObject({
			contactNo: 'CT101',
			name: 'Ann Lee',
			email: 'ann@adatum.example',
		});
		expect(document.related).toEqual({
			contact_business_relations: [
				{ relation: 'customer', externalNo: 'C10000', contactNo: 'CT101' },
			],
			segment_lines: [expect.objectContaining({ segmentNo: 'SEG1', contactNo: 'CT101' })],
		});
		expect(
			document.entries.map((e) => [e.entryNo, e.description, e.canceled, e.comments.length]),
		).toEqual([
			[kept, 'Ann kept call', false, 1],
			[canceled, 'Ann canceled call', true, 0],
		]);
		expect(document.entries[0].comments[0].comment).toBe('Ann comment');
		expect(document.entries[1].events.map((e) => e.eventType)).toEqual(['recorded', 'canceled']);
		expect(document.purgedEntries).toEqual([
			{
				entryNo: purged,
				events: [
					expect.objectContaining({ eventType: 'recorded', entryNo: purged }),
					expect.objectContaining({ eventType: 'canceled', entryNo: purged, reason: 'duplicate' }),
				],
			},
		]);
		expect(document.purges).toEqual([
			expect.objectContaining({ eventType: 'purged', actor: 'nightly' }),
		]);
		expect(document.counts).toEqual({
			entries: 2,
			canceledEntries: 1,
			comments: 1,
			events: 5,
			purgedEntries: 1,
			purges: 1,
		});
		const text = JSON.stringify(document);
		for (const other of ['Bob', 'CT102', 'Company call', 'Adatum', String(company)]) {
			expect(text).not.toContain(`"${other}`);
		}
		expect(text).not.toContain('Bob');

		const csv = entriesCsv(document.entries).split('\r\n');
		expect(csv[0]).toMatch(/^entryNo,occurredAt,timeZone,contactNo,/);
		expect(csv.slice(1, -1).map((line) => line.split(',')[0])).toEqual([
			String(kept),
			String(canceled),
		]);
	});

	it('quotes CSV fields and defuses formulas', () => {
		const csv = entriesCsv([
			{ entryNo: 1, description: 'a, "b"', subject: '=HYPERLINK("x")' } as never,
		]);
		expect(csv.split('\r\n')[1]).toContain(`"a, ""b""","'=HYPERLINK(""x"")"`);
	});

	it('says when the contact was erased', async () => {
		await eraseContact(t.db, { contactNo: 'CT101' });
		await expect(exportContact(t.db, 'CT101')).rejects.toMatchObject({
			code: 'NOT_FOUND',
			message: 'Contact CT101 was erased: nothing personal is stored about it any more',
		});
	});
});
