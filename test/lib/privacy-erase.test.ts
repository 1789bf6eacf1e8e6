import fc from 'fast-check';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';

import { upsertContacts } from '../../lib/contacts';
import { cancelEntries } from '../../lib/log';
import { eraseContact, listTextColumns, quoteIdentifier } from '../../lib/privacy';
import { purgeCanceled } from '../../lib/purge';
import { recordContactInteractions, recordDocumentEvents } from '../../lib/record';
import { addSegmentContacts, createSegment } from '../../lib/segments';
import { createGroup, createTemplate, setTemplateSetupSlot } from '../../lib/setup';
import { logStatistics, STATISTICS_GROUPINGS, type StatisticsGroup } from '../../lib/statistics';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';

// Random logs around one person: after the person is erased, none of its personal values is left
// in any text or JSON column of any table of the schema (read from information_schema, so new
// columns are scanned too), and every statistic is what it was, the person's under its pseudonym.

const options = { timeZone: 'UTC', now: DateTime.fromISO('2026-11-25T09:00:00Z') };

const CONTACTS = ['P1', 'P2', 'C1'] as const;

// Distinctive values: a scan for them cannot hit the codes and words of the schema by chance.
const token = (kind: string) =>
	fc.stringMatching(/^[a-z]{2,6}$/).map((word) => `${kind}q${word}zx`);

const personArb = fc.record({
	name: token('Name'),
	email: token('mail').map((local) => `${local}@example.org`),
	phone: fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+49 30 ${n}`),
	customerNo: token('cust'),
});

const entryArb = fc.record({
	contact: fc.constantFrom(...CONTACTS),
	template: fc.constantFrom('CALL', 'MAIL'),
	day: fc.integer({ min: 0, max: 60 }),
	cost: fc.integer({ min: 0, max: 500 }),
	description: token('desc'),
	subject: fc.option(token('subj'), { nil: undefined }),
	contactVia: fc.option(token('via'), { nil: undefined }),
	comment: fc.option(token('note'), { nil: undefined }),
	document: fc.boolean(),
	cancel: fc.boolean(),
});

const scenarioArb = fc.record({
	person: personArb,
	entries: fc.array(entryArb, { minLength: 1, maxLength: 8 }),
	purge: fc.constantFrom('none', 'all', 'contact'),
	inSegment: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
type RandomEntry = Scenario['entries'][number];

/** An entry's free texts, each naming its contact: two contacts never share one. */
function textsOf(entry: RandomEntry) {
	const own = (text: string | undefined) =>
		text === undefined ? undefined : `${entry.contact}-${text}`;
	return {
		description: own(entry.description)!,
		subject: own(entry.subject),
		contactVia: own(entry.contactVia),
		comment: own(entry.comment),
	};
}

async function seedSetup(db: Knex) {
	await createGroup(db, { code: 'G1' });
	await createTemplate(db, { code: 'CALL', groupCode: 'G1', description: 'Call', unitCost: 2 });
	await createTemplate(db, { code: 'MAIL', groupCode: 'G1', description: 'Mail', unitCost: 1 });
	await setTemplateSetupSlot(db, { kind: 'sales_invoice', templateCode: 'MAIL' });
}

async function seedScenario(db: Knex, scenario: Scenario) {
	const { person } = scenario;
	await upsertContacts(db, [
		{ contactNo: 'C1', type: 'company', name: 'Adatum Corp', salespersonCode: 'JR' },
		{
			contactNo: 'P1',
			type: 'person',
			companyNo: 'C1',
			name: person.name,
			email: person.email,
			phone: person.phone,
			salespersonCode: 'JR',
			businessRelations: [{ relation: 'customer', externalNo: person.customerNo }],
		},
		{
			contactNo: 'P2',
			type: 'person',
			companyNo: 'C1',
			name: 'Other Person',
			salespersonCode: 'AB',
		},
	]);
	if (scenario.inSegment) {
		await createSegment(db, { segmentNo: 'SEG1', description: 'Autumn letters' });
		await addSegmentContacts(db, { segmentNo: 'SEG1', contactNos: ['P1', 'P2'] });
		await db('segment_lines')
			.where({ contact_no: 'P1' })
			.update({ subject: `${person.name} letter` });
	}
	const entryNos: number[] = [];
	for (const [i, entry] of scenario.entries.entries()) {
		const occurredAt = DateTime.fromISO('2026-09-01T10:00:00Z').plus({ days: entry.day }).toISO();
		const [outcome] = entry.document
			? await recordDocumentEvents(
					db,
					[
						{
							documentKind: 'sales_invoice',
							documentNo: `INV-${entry.contact}-${i}`,
							contactNo: entry.contact,
							occurredAt,
							description: textsOf(entry).description,
							cost: entry.cost,
						},
					],
					options,
				)
			: await recordContactInteractions(
					db,
					[
						{
							contactNo: entry.contact,
							templateCode: entry.template,
							occurredAt,
							cost: entry.cost,
							...textsOf(entry),
							idempotencyKey: `key-${entry.contact}-${i}`,
						},
					],
					options,
				);
		if (outcome.status !== 'recorded') throw new Error(JSON.stringify(outcome));
		entryNos.push(outcome.entry.entryNo);
	}
	const canceled = entryNos.filter((_, i) => scenario.entries[i].cancel);
	if (canceled.length > 0) {
		await cancelEntries(db, {
			entryNos: canceled,
			reason: `asked by ${person.name}`,
			actor: 'clerk',
		});
	}
	if (scenario.purge !== 'none') {
		await purgeCanceled(db, {
			filters: scenario.purge === 'contact' ? { contactNo: 'P1' } : {},
			actor: 'clerk',
		});
	}
}

type Statistics = Record<string, Omit<StatisticsGroup, 'name'>[]>;

/** Every statistic by every grouping, names left out (a contact's name is personal). */
async function allStatistics(db: Knex): Promise<Statistics> {
	const result: Statistics = {};
	for (const groupBy of STATISTICS_GROUPINGS) {
		const groups = await logStatistics(db, { groupBy, timeZone: 'UTC' });
		result[groupBy] = groups.map(({ name: _name, ...group }) => group);
	}
	return result;
}

/** The statistics with erased numbers read as their pseudonyms, in key order. */
function renamed(statistics: Statistics, rename: Record<string, string>): Statistics {
	return Object.fromEntries(
		Object.entries(statistics).map(([groupBy, groups]) => [
			groupBy,
			groups
				.map((g) => ({ ...g, key: g.key === null ? null : (rename[g.key] ?? g.key) }))
				.sort((a, b) => String(a.key).localeCompare(String(b.key))),
		]),
	);
}

/** Where in the schema any of `values` still appears: `table.column: value`. */
async function findValues(
	db: Knex,
	values: readonly string[],
	{ exact = false } = {},
): Promise<string[]> {
	const patterns = values.map((value) => (exact ? value : `%${value}%`));
	const columns = await listTextColumns(db);
	const scans = columns.map(
		(c) =>
			`select '${c.table}.${c.column}: ' || ${quoteIdentifier(c.column)}::text as hit
			from ${quoteIdentifier(c.table)} where ${quoteIdentifier(c.column)}::text ilike any(:patterns)`,
	);
	const { rows } = await db.raw<{ rows: { hit: string }[] }>(
		`${scans.join(' union all ')} order by 1`,
		{ patterns },
	);
	return rows.map((row) => row.hit);
}

function personalValues(scenario: Scenario): string[] {
	const own = scenario.entries.filter((entry) => entry.contact === 'P1');
	return [
		'P1',
		scenario.person.name,
		scenario.person.email,
		scenario.person.phone,
		scenario.person.customerNo,
		...own.flatMap((entry) =>
			Object.values(textsOf(entry)).filter((value): value is string => value !== undefined),
		),
	];
}

describe.each(BACKENDS)('%s: eraseContact', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedSetup(t.db);
	});

	it('leaves no personal value of the person anywhere and every statistic as it was', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (scenario) => {
				await resetData(t.db);
				await seedSetup(t.db);
				await seedScenario(t.db, scenario);
				const before = await allStatistics(t.db);
				const others = await findValues(t.db, ['Other Person', 'Adatum Corp']);

				const dryRun = await eraseContact(t.db, { contactNo: 'P1', dryRun: true, actor: 'dpo' });
				expect(await allStatistics(t.db)).toEqual(before);
				const result = await eraseContact(t.db, { contactNo: 'p1', actor: 'dpo' });
				expect(result.dryRun).toBe(false);
				expect(result.changes).toEqual(dryRun.changes);
				expect(result.pseudonym).toMatch(/^ERASED-[0-9A-F]{12}$/);

				// Number and names: whole words; 'P1' would also be found inside a pseudonym.
				const values = personalValues(scenario).filter((value) => value !== 'P1');
				expect(await findValues(t.db, values)).toEqual([]);
				const left = await t
					.db('interaction_log_entries')
					.where({ contact_no: 'P1' })
					.orWhere({ contact_company_no: 'P1' });
				expect(left).toEqual([]);
				expect(await t.db('interaction_log_events').where({ contact_no: 'P1' })).toEqual([]);
				expect(await t.db('contacts').where({ contact_no: 'P1' })).toEqual([]);
				// The number as a whole value, anywhere (sums and their deltas too).
				expect(await findValues(t.db, ['P1'], { exact: true })).toEqual([]);
				expect(renamed(await allStatistics(t.db), {})).toEqual(
					renamed(before, { P1: result.pseudonym! }),
				);
				// Other contacts keep their data.
				expect(await findValues(t.db, ['Other Person', 'Adatum Corp'])).toEqual(others);

				const events = await t.db('interaction_log_events').where({ event_type: 'erased' });
				expect(events).toHaveLength(1);
				expect(events[0]).toMatchObject({ actor: 'dpo', contact_no: result.pseudonym });
			}),
			{ numRuns: backend === 'pglite' ? 6 : 10 },
		);
	});

	it('is idempotent, by old number and by pseudonym', async () => {
		await seedScenario(t.db, {
			person: { name: 'Ann Lee', email: 'ann@example.org', phone: '+1 555', customerNo: 'C100' },
			entries: [],
			purge: 'none',
			inSegment: false,
		});
		const first = await eraseContact(t.db, { contactNo: 'P1' });
		const events = await t.db('interaction_log_events').count({ n: '*' });
		for (const contactNo of ['P1', first.pseudonym]) {
			expect(await eraseContact(t.db, { contactNo })).toEqual({
				dryRun: false,
				alreadyErased: true,
				pseudonym: null,
				changes: {},
			});
		}
		expect(await t.db('interaction_log_events').count({ n: '*' })).toEqual(events);
	});

	it('refuses new entries for an erased contact, under either number, in words', async () => {
		await seedScenario(t.db, {
			person: { name: 'Ann Lee', email: 'ann@example.org', phone: '+1 555', customerNo: 'C100' },
			entries: [],
			purge: 'none',
			inSegment: false,
		});
		const { pseudonym } = await eraseContact(t.db, { contactNo: 'P1' });
		for (const contactNo of ['P1', pseudonym!]) {
			const [outcome] = await recordContactInteractions(
				t.db,
				[{ contactNo, templateCode: 'CALL', description: 'Call', salespersonCode: 'JR' }],
				options,
			);
			expect(outcome).toMatchObject({
				status: 'failed',
				error: {
					code: 'BLOCKED',
					message: `Contact ${contactNo} was erased on request: its personal data is gone and no interactions can be logged for it`,
					details: { field: 'contactNo' },
				},
			});
			const [document] = await recordDocumentEvents(
				t.db,
				[
					{
						documentKind: 'sales_invoice',
						documentNo: 'INV-9',
						contactNo,
						newContact: { name: 'Ann Lee' },
					},
				],
				{ ...options, unknownContact: 'create' },
			);
			expect(document).toMatchObject({ status: 'failed', error: { code: 'BLOCKED' } });
		}
		expect(await t.db('interaction_log_entries')).toEqual([]);
		expect(await t.db('contacts').where({ contact_no: 'P1' })).toEqual([]);
	});

	it('refuses a company while it has persons who are not erased, then erases it', async () => {
		await seedScenario(t.db, {
			person: { name: 'Ann Lee', email: 'ann@example.org', phone: '+1 555', customerNo: 'C100' },
			entries: [
				{
					contact: 'P1',
					template: 'CALL',
					day: 1,
					cost: 5,
					description: 'Ann call',
					document: false,
					cancel: false,
					subject: undefined,
					contactVia: undefined,
					comment: undefined,
				},
				{
					contact: 'C1',
					template: 'MAIL',
					day: 2,
					cost: 7,
					description: 'Company mail',
					document: false,
					cancel: false,
					subject: undefined,
					contactVia: undefined,
					comment: undefined,
				},
			],
			purge: 'none',
			inSegment: false,
		});
		await expect(eraseContact(t.db, { contactNo: 'C1' })).rejects.toMatchObject({
			code: 'CONFLICT',
			message: 'Company C1 still has persons who are not erased: P1, P2',
			details: { field: 'contactNo' },
		});
		const before = await allStatistics(t.db);
		const p1 = await eraseContact(t.db, { contactNo: 'P1' });
		const p2 = await eraseContact(t.db, { contactNo: 'P2' });
		const c1 = await eraseContact(t.db, { contactNo: 'C1' });
		expect(c1.changes).toMatchObject({ contacts: 3 });
		const persons = await t
			.db('contacts')
			.whereIn('contact_no', [p1.pseudonym!, p2.pseudonym!])
			.pluck('company_no');
		expect(persons).toEqual([c1.pseudonym, c1.pseudonym]);
		expect(await findValues(t.db, ['Adatum Corp', 'Ann Lee', 'Company mail'])).toEqual([]);
		const rename = { P1: p1.pseudonym!, P2: p2.pseudonym!, C1: c1.pseudonym! };
		expect(renamed(await allStatistics(t.db), {})).toEqual(renamed(before, rename));
	});
});
