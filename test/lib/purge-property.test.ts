import fc from 'fast-check';

import { purgeCanceled, type PurgeFilterInput } from '../../lib/purge';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import {
	remainingEntryNos,
	seedEntries,
	seedLoggedSegment,
	type SeedEntry,
} from '../support/seed-log';

// Random logs (canceled or not) and random purge filters: the purge deletes exactly the canceled
// entries that match (the lowest `maxRows` of them) and nothing else, and a dry run just before
// counts, in total and by template, exactly what the delete then removes.

const CONTACTS = ['CT1', 'CT2', 'CT3'];
const TEMPLATES = ['OUTCALL', 'MEET', 'MAIL'];
const GROUPS = ['PHONE', 'VISIT'];
const SALESPEOPLE = [null, 'AB', 'JR'];
const CAMPAIGNS = [null, 'CP1', 'CP2'];
const SEGMENTS = [null, 0, 1];

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

interface RandomEntry {
	readonly contact: number;
	readonly template: number;
	readonly group: number;
	readonly salesperson: number;
	readonly campaign: number;
	readonly segment: number;
	readonly occurredDay: number;
	readonly canceled: boolean;
	readonly canceledDay: number;
	readonly comments: number;
}

const pick = (length: number) => fc.nat({ max: length - 1 });

const entryArbitrary: fc.Arbitrary<RandomEntry> = fc.record({
	contact: pick(CONTACTS.length),
	template: pick(TEMPLATES.length),
	group: pick(GROUPS.length),
	salesperson: pick(SALESPEOPLE.length),
	campaign: pick(CAMPAIGNS.length),
	segment: pick(SEGMENTS.length),
	occurredDay: fc.nat({ max: 364 }),
	canceled: fc.boolean(),
	canceledDay: fc.nat({ max: 364 }),
	comments: fc.nat({ max: 1 }),
});

interface RandomFilters {
	readonly entryRange?: readonly [number, number];
	readonly contact?: number;
	readonly occurred?: readonly [number | null, number | null];
	readonly canceledBeforeDay?: number;
	readonly template?: number;
	readonly group?: number;
	readonly salesperson?: number;
	readonly campaign?: number;
	readonly segment?: number;
}

const ordered = (max: number) =>
	fc
		.tuple(fc.nat({ max }), fc.nat({ max }))
		.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

const FILTER_KEYS = [
	'entryRange',
	'contact',
	'occurred',
	'canceledBeforeDay',
	'template',
	'group',
	'salesperson',
	'campaign',
	'segment',
] as const;

// Up to three filters at a time: more would rarely match anything in a few hundred entries.
const filtersArbitrary: fc.Arbitrary<RandomFilters> = fc
	.tuple(
		fc.record({
			entryRange: ordered(320).map(([a, b]) => [a + 1, b + 1] as const),
			contact: pick(CONTACTS.length),
			occurred: ordered(365).map(([a, b]) =>
				a === b ? ([a, null] as const) : ([a === 0 ? null : a, b] as const),
			),
			canceledBeforeDay: fc.nat({ max: 365 }),
			template: pick(TEMPLATES.length),
			group: pick(GROUPS.length),
			salesperson: fc.integer({ min: 1, max: SALESPEOPLE.length - 1 }),
			campaign: fc.integer({ min: 1, max: CAMPAIGNS.length - 1 }),
			segment: fc.integer({ min: 1, max: SEGMENTS.length - 1 }),
		}),
		fc.subarray([...FILTER_KEYS], { maxLength: 3 }),
	)
	.map(([all, keys]) => Object.fromEntries(keys.map((key) => [key, all[key]])) as RandomFilters);

function toFilterInput(f: RandomFilters, segmentNos: readonly number[]): PurgeFilterInput {
	return {
		entryNoFrom: f.entryRange?.[0],
		entryNoTo: f.entryRange?.[1],
		contactNo: f.contact === undefined ? undefined : CONTACTS[f.contact].toLowerCase(),
		occurredFrom: f.occurred?.[0] == null ? undefined : day(f.occurred[0]),
		occurredBefore: f.occurred?.[1] == null ? undefined : day(f.occurred[1]),
		canceledBefore: f.canceledBeforeDay === undefined ? undefined : day(f.canceledBeforeDay),
		templateCode: f.template === undefined ? undefined : TEMPLATES[f.template],
		groupCode: f.group === undefined ? undefined : GROUPS[f.group],
		salespersonCode: f.salesperson === undefined ? undefined : SALESPEOPLE[f.salesperson],
		campaignNo: f.campaign === undefined ? undefined : CAMPAIGNS[f.campaign],
		loggedSegmentEntryNo:
			f.segment === undefined ? undefined : segmentNos[SEGMENTS[f.segment] as number],
	};
}

/** The model: which entry matches the filters, written independently of the SQL. */
function matches(e: RandomEntry, entryNo: number, f: RandomFilters): boolean {
	const fieldsMatch = (key: keyof RandomFilters & keyof RandomEntry) =>
		f[key] === undefined || f[key] === e[key];
	if (f.entryRange && (entryNo < f.entryRange[0] || entryNo > f.entryRange[1])) return false;
	if (f.occurred?.[0] != null && e.occurredDay < f.occurred[0]) return false;
	if (f.occurred?.[1] != null && e.occurredDay >= f.occurred[1]) return false;
	if (f.canceledBeforeDay !== undefined && e.canceledDay >= f.canceledBeforeDay) return false;
	const keys = ['contact', 'template', 'group', 'salesperson', 'campaign', 'segment'] as const;
	return keys.every(fieldsMatch);
}

function toSeed(e: RandomEntry, segmentNos: readonly number[]): SeedEntry {
	const segment = SEGMENTS[e.segment];
	return {
		contactNo: CONTACTS[e.contact],
		templateCode: TEMPLATES[e.template],
		groupCode: GROUPS[e.group],
		salespersonCode: SALESPEOPLE[e.salesperson],
		campaignNo: CAMPAIGNS[e.campaign],
		loggedSegmentEntryNo: segment === null ? null : segmentNos[segment],
		occurredAt: day(e.occurredDay),
		canceled: e.canceled,
		canceledAt: day(e.canceledDay),
		comments: e.comments,
	};
}

function countByTemplate(entries: readonly RandomEntry[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const e of entries) counts[TEMPLATES[e.template]] = (counts[TEMPLATES[e.template]] ?? 0) + 1;
	return counts;
}

describe.each(BACKENDS)('%s: purgeCanceled, property', (backend) => {
	const t = useTestDatabase(backend);

	it('deletes exactly the canceled entries that match, and the dry run counts the same', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(entryArbitrary, { maxLength: 400, size: 'max' }),
				filtersArbitrary,
				fc.integer({ min: 3, max: 60 }),
				fc.integer({ min: 1, max: 400 }),
				async (log, filters, batchSize, maxRows) => {
					await resetData(t.db);
					const segmentNos = [
						await seedLoggedSegment(t.db, 'SEG0'),
						await seedLoggedSegment(t.db, 'SEG1'),
					];
					const entryNos = await seedEntries(
						t.db,
						log.map((e) => toSeed(e, segmentNos)),
					);
					const matching = log
						.map((e, i) => ({ e, entryNo: entryNos[i] }))
						.filter(({ e, entryNo }) => e.canceled && matches(e, entryNo, filters));
					const expected = matching.slice(0, maxRows);
					const input = { filters: toFilterInput(filters, segmentNos), batchSize, maxRows };

					const preview = await purgeCanceled(t.db, { ...input, dryRun: true });
					const result = await purgeCanceled(t.db, input);

					const expectedByTemplate = countByTemplate(expected.map(({ e }) => e));
					expect(preview).toMatchObject({
						wouldDelete: expected.length,
						byTemplate: expectedByTemplate,
						remaining: matching.length - expected.length,
					});
					expect(result).toMatchObject({
						deleted: expected.length,
						byTemplate: expectedByTemplate,
						remaining: matching.length - expected.length,
					});
					const gone = new Set(expected.map(({ entryNo }) => entryNo));
					expect(await remainingEntryNos(t.db)).toEqual(entryNos.filter((no) => !gone.has(no)));
					const commented = await t.db('interaction_log_comments').pluck('entry_no');
					expect(commented.map(Number).filter((no) => gone.has(no))).toEqual([]);
				},
			),
			{ numRuns: backend === 'pglite' ? 40 : 60 },
		);
	});
});
