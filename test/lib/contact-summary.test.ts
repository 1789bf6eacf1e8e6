import { contactSummaries } from '../../lib/statistics';
import { upsertContacts } from '../../lib/contacts';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';

describe.each(BACKENDS)('%s: contactSummaries', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await upsertContacts(t.db, [
			{ contactNo: 'C1', type: 'company', name: 'Cronus' },
			{ contactNo: 'P1', type: 'person', companyNo: 'C1', name: 'Ann' },
			{ contactNo: 'P2', type: 'person', companyNo: 'C1', name: 'Bob' },
			{ contactNo: 'C2', type: 'company', name: 'Quiet Ltd' },
		]);
		const person = (contactNo: string) => ({ contact_no: contactNo, contact_company_no: 'C1' });
		await seedEntries(t.db, [
			{ ...person('C1'), cost: 1, duration_min: 1, occurred_at: '2026-11-01T10:00:00Z' },
			{ ...person('P1'), cost: 2, duration_min: 2, occurred_at: '2026-11-02T10:00:00Z' },
			{ ...person('P2'), cost: 4, duration_min: 4, occurred_at: '2026-11-03T10:00:00Z' },
			// Canceled: no count, but still the latest interaction and attempt of P1
			// (docs/domain.md#s12).
			{
				...person('P1'),
				cost: 8,
				canceled: true,
				initiated_by: 'us',
				occurred_at: '2026-11-05T22:30:00Z',
			},
			// Failed: counts, and is an attempt, but not an interaction.
			{
				...person('P1'),
				cost: 16,
				attempt_failed: true,
				initiated_by: 'us',
				occurred_at: '2026-11-06T10:00:00Z',
			},
			// Postponed: nowhere.
			{
				...person('P2'),
				cost: 32,
				postponed: true,
				initiated_by: 'us',
				occurred_at: '2026-11-09T10:00:00Z',
			},
		]);
	});

	it('sums a company with its persons, and a person alone, with both last dates', async () => {
		const outcomes = await contactSummaries(t.db, {
			contactNos: ['C1', 'p1', 'P2', 'C2'],
			timeZone: 'Europe/Berlin',
		});
		expect(outcomes).toEqual([
			{
				ok: true,
				summary: {
					contactNo: 'C1',
					type: 'company',
					name: 'Cronus',
					noOfInteractions: 4,
					cost: 23,
					durationMin: 7,
					lastInteractionAt: '2026-11-05T23:30:00.000+01:00',
					dateOfLastInteraction: '2026-11-05',
					lastAttemptedAt: '2026-11-06T11:00:00.000+01:00',
					lastDateAttempted: '2026-11-06',
				},
			},
			{
				ok: true,
				summary: expect.objectContaining({
					contactNo: 'P1',
					noOfInteractions: 2,
					cost: 18,
					dateOfLastInteraction: '2026-11-05',
					lastDateAttempted: '2026-11-06',
				}),
			},
			{
				ok: true,
				summary: expect.objectContaining({
					contactNo: 'P2',
					noOfInteractions: 1,
					cost: 4,
					dateOfLastInteraction: '2026-11-03',
					lastAttemptedAt: null,
					lastDateAttempted: null,
				}),
			},
			{
				ok: true,
				summary: expect.objectContaining({
					contactNo: 'C2',
					noOfInteractions: 0,
					cost: 0,
					lastInteractionAt: null,
				}),
			},
		]);
	});

	it('gives the local date of the time zone', async () => {
		const [utc] = await contactSummaries(t.db, { contactNos: ['P1'], timeZone: 'UTC' });
		expect(utc).toMatchObject({ summary: { dateOfLastInteraction: '2026-11-05' } });
		const [tokyo] = await contactSummaries(t.db, { contactNos: ['P1'], timeZone: 'Asia/Tokyo' });
		expect(tokyo).toMatchObject({ summary: { dateOfLastInteraction: '2026-11-06' } });
	});

	it('fails only the inputs with an unknown or invalid contact', async () => {
		const outcomes = await contactSummaries(t.db, {
			contactNos: ['NOPE', '', 'P2', 'P2'],
			timeZone: 'UTC',
		});
		expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
			'NOT_FOUND',
			'VALIDATION',
			'ok',
			'ok',
		]);
		expect(outcomes[0]).toMatchObject({
			error: { message: 'Contact NOPE does not exist', details: { field: 'contactNo' } },
		});
	});
});
