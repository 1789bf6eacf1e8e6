import { DateTime } from 'luxon';

import { upsertContacts } from '../../lib/contacts';
import { createGroup } from '../../lib/setup';
import {
	buildInteractionDraft,
	correspondenceTypeFor,
	loadDraftSources,
	type DraftContact,
	type DraftTemplate,
} from '../../lib/record';
import { createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

const outcall: DraftTemplate = {
	code: 'OUTCALL',
	groupCode: 'PHONE',
	description: 'Outgoing call',
	unitCost: 1.5,
	unitDurationMin: 10,
	informationFlow: 'outbound',
	initiatedBy: 'us',
	correspondenceType: 'hard_copy',
	ignoreContactCorresType: false,
	campaignNo: 'CP1001',
	campaignTarget: true,
	campaignResponse: false,
	languageCode: 'DEU',
};

const annLee: DraftContact = {
	contactNo: 'CT200',
	type: 'person',
	companyNo: 'CT100',
	email: 'ann@adatum.example',
	correspondenceType: 'email',
	salespersonCode: 'JO',
	privacyBlocked: false,
};

const adatum: DraftContact = {
	contactNo: 'CT100',
	type: 'company',
	companyNo: 'CT100',
	email: null,
	correspondenceType: null,
	salespersonCode: null,
	privacyBlocked: false,
};

const now = DateTime.fromISO('2026-11-25T09:00:00Z');
const berlin = { timeZone: 'Europe/Berlin', now };

describe('buildInteractionDraft', () => {
	it('copies every template default when nothing is given', () => {
		expect(buildInteractionDraft({ template: outcall, contact: adatum }, berlin)).toEqual({
			contactNo: 'CT100',
			contactCompanyNo: 'CT100',
			occurredAt: '2026-11-25T10:00:00.000+01:00',
			timeZone: 'Europe/Berlin',
			templateCode: 'OUTCALL',
			groupCode: 'PHONE',
			description: 'Outgoing call',
			subject: null,
			informationFlow: 'outbound',
			initiatedBy: 'us',
			correspondenceType: 'hard_copy',
			cost: 1.5,
			durationMin: 10,
			evaluation: null,
			attemptFailed: false,
			salespersonCode: null,
			campaignNo: 'CP1001',
			campaignTarget: true,
			campaignResponse: false,
			opportunityNo: null,
			languageCode: 'DEU',
			contactVia: null,
		});
	});

	it('lets every given value override its default', () => {
		const draft = buildInteractionDraft(
			{ template: outcall, contact: annLee },
			{
				...berlin,
				description: 'Renewal call',
				subject: 'Contract 2027',
				evaluation: 'Very Positive',
				attemptFailed: 'true',
				salespersonCode: 'mk',
				campaignNo: 'cp2002',
				campaignTarget: false,
				campaignResponse: true,
				opportunityNo: 'op1',
				cost: '0',
				durationMin: 25,
				correspondenceType: 'Hard Copy',
				informationFlow: 'inbound',
				initiatedBy: 'them',
				languageCode: 'enu',
				contactVia: '+49 30 1234',
			},
		);
		expect(draft).toMatchObject({
			description: 'Renewal call',
			subject: 'Contract 2027',
			evaluation: 'very_positive',
			attemptFailed: true,
			salespersonCode: 'MK',
			campaignNo: 'CP2002',
			campaignTarget: false,
			campaignResponse: true,
			opportunityNo: 'OP1',
			cost: 0,
			durationMin: 25,
			correspondenceType: 'hard_copy',
			informationFlow: 'inbound',
			initiatedBy: 'them',
			languageCode: 'ENU',
			contactVia: '+49 30 1234',
			groupCode: 'PHONE',
		});
	});

	it("stores a person's company and takes the contact's salesperson by default", () => {
		const draft = buildInteractionDraft({ template: outcall, contact: annLee }, berlin);
		expect(draft).toMatchObject({
			contactNo: 'CT200',
			contactCompanyNo: 'CT100',
			salespersonCode: 'JO',
		});
		const loner = buildInteractionDraft(
			{ template: outcall, contact: { ...annLee, companyNo: null } },
			berlin,
		);
		expect(loner.contactCompanyNo).toBeNull();
	});

	it('reads a time without offset in the workflow time zone, and keeps a given offset', () => {
		const wallClock = buildInteractionDraft(
			{ template: outcall },
			{ ...berlin, occurredAt: '2026-07-01T14:30:00' },
		);
		expect(wallClock.occurredAt).toBe('2026-07-01T14:30:00.000+02:00');
		const withOffset = buildInteractionDraft(
			{ template: outcall },
			{ ...berlin, occurredAt: '2026-07-01T14:30:00Z' },
		);
		expect(withOffset.occurredAt).toBe('2026-07-01T16:30:00.000+02:00');
	});

	it.each([
		[{ occurredAt: 'yesterday-ish' }, 'occurredAt'],
		[{ cost: -1 }, 'cost'],
		[{ durationMin: 'long' }, 'durationMin'],
		[{ evaluation: 'great' }, 'evaluation'],
		[{ correspondenceType: 'pigeon' }, 'correspondenceType'],
		[{ description: 'x'.repeat(101) }, 'description'],
		[{ salespersonCode: 'S'.repeat(21) }, 'salespersonCode'],
		[{ attemptFailed: 'maybe' }, 'attemptFailed'],
	])('refuses %j naming %s', (input, field) => {
		expect(() => buildInteractionDraft({ template: outcall }, { ...berlin, ...input })).toThrow(
			expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ field }) }),
		);
	});

	it('refuses a privacy-blocked contact with BLOCKED', () => {
		expect(() =>
			buildInteractionDraft(
				{ template: outcall, contact: { ...annLee, privacyBlocked: true } },
				berlin,
			),
		).toThrow(
			expect.objectContaining({
				code: 'BLOCKED',
				details: expect.objectContaining({ field: 'contactNo' }),
			}),
		);
	});
});

describe('correspondenceTypeFor (docs/domain.md#s9-3)', () => {
	const template = { correspondenceType: 'hard_copy', ignoreContactCorresType: false } as const;
	const ignoring = { ...template, ignoreContactCorresType: true };

	it.each([
		[
			'the template default when the contact has no preference',
			null,
			template,
			adatum,
			'hard_copy',
		],
		["the contact's preference otherwise", null, template, annLee, 'email'],
		[
			'the template default when the template ignores the contact',
			null,
			ignoring,
			annLee,
			'hard_copy',
		],
		['a given type over both', 'fax', template, annLee, 'fax'],
		['the template default without a contact', null, template, undefined, 'hard_copy'],
	] as const)('gives %s', (_case, given, tmpl, contact, expected) => {
		expect(correspondenceTypeFor(given, tmpl, contact)).toBe(expected);
	});

	it('clears e-mail when the contact has no e-mail address, even when given', () => {
		const noEmail = { ...annLee, email: null };
		expect(correspondenceTypeFor(null, template, noEmail)).toBeNull();
		expect(correspondenceTypeFor('email', template, noEmail)).toBeNull();
		expect(
			correspondenceTypeFor(
				null,
				{ correspondenceType: 'email', ignoreContactCorresType: true },
				adatum,
			),
		).toBeNull();
	});
});

describe.each(BACKENDS)('%s: loadDraftSources', (backend) => {
	const t = useTestDatabase(backend);
	beforeAll(async () => {
		await resetData(t.db);
		await createGroup(t.db, { code: 'PHONE' });
		await createTemplate(t.db, { code: 'OUTCALL', groupCode: 'PHONE', unitCost: 1.5 });
		await createTemplate(t.db, { code: 'INCALL', groupCode: 'PHONE' });
		await upsertContacts(t.db, [
			{ contactNo: 'CT100', name: 'Adatum' },
			{ contactNo: 'CT200', companyNo: 'CT100', name: 'Ann Lee', correspondenceType: 'fax' },
		]);
	});

	it('loads the templates and contacts asked for, and leaves unknown ones out', async () => {
		const { templates, contacts } = await loadDraftSources(t.db, {
			templateCodes: ['OUTCALL', 'NOPE', 'OUTCALL'],
			contactNos: ['CT200', 'CT999'],
		});
		expect([...templates.keys()]).toEqual(['OUTCALL']);
		expect(templates.get('OUTCALL')).toMatchObject({ groupCode: 'PHONE', unitCost: 1.5 });
		expect([...contacts.keys()]).toEqual(['CT200']);
		expect(contacts.get('CT200')).toMatchObject({
			type: 'person',
			companyNo: 'CT100',
			correspondenceType: 'fax',
		});
	});

	it('asks nothing for empty lists', async () => {
		const sources = await loadDraftSources(t.db, { templateCodes: [], contactNos: [] });
		expect(sources.templates.size + sources.contacts.size).toBe(0);
	});
});
