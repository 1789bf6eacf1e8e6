import fc from 'fast-check';
import { DateTime } from 'luxon';

import {
	applyRetentionPolicies,
	deleteRetentionPolicy,
	listRetentionPolicies,
	setRetentionPolicy,
} from '../../lib/privacy';
import { createGroup, createTemplate, deleteTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedEntries } from '../support/seed-entries';

// Template A keeps canceled entries 6 months, its group G1 keeps every entry 12 months (B falls
// under it, A does not: its own policy wins), C's group has no policy. Random logs: a dry run
// counts what the run deletes, and exactly the entries the policies name go.

const now = DateTime.fromISO('2026-11-25T12:00:00Z');
const TEMPLATES = { A: 'G1', B: 'G1', C: 'G2' } as const;

const entryArb = fc.record({
	template: fc.constantFrom('A', 'B', 'C') as fc.Arbitrary<keyof typeof TEMPLATES>,
	daysAgo: fc.integer({ min: 0, max: 800 }),
	canceled: fc.boolean(),
});

function goes(entry: { template: string; daysAgo: number; canceled: boolean }): boolean {
	const occurred = now.minus({ days: entry.daysAgo });
	if (entry.template === 'A') return entry.canceled && occurred < now.minus({ months: 6 });
	if (entry.template === 'B') return occurred < now.minus({ months: 12 });
	return false;
}

describe.each(BACKENDS)('%s: retention policies', (backend) => {
	const t = useTestDatabase(backend);

	async function seedSetup() {
		await resetData(t.db);
		await createGroup(t.db, { code: 'G1' });
		await createGroup(t.db, { code: 'G2' });
		for (const [code, groupCode] of Object.entries(TEMPLATES)) {
			await createTemplate(t.db, { code, groupCode });
		}
		await setRetentionPolicy(t.db, { appliesTo: 'template', code: 'a', keepMonths: 6 });
		await setRetentionPolicy(t.db, {
			appliesTo: 'group',
			code: 'G1',
			keepMonths: 12,
			scope: 'all',
			description: 'Phone calls: one year',
		});
	}

	beforeEach(seedSetup);

	it('sets, lists and deletes policies; a template policy goes with its template', async () => {
		expect(await listRetentionPolicies(t.db)).toEqual([
			expect.objectContaining({
				appliesTo: 'template',
				code: 'A',
				keepMonths: 6,
				scope: 'canceled',
			}),
			expect.objectContaining({ appliesTo: 'group', code: 'G1', keepMonths: 12, scope: 'all' }),
		]);
		await setRetentionPolicy(t.db, {
			appliesTo: 'template',
			code: 'A',
			keepMonths: 3,
			scope: 'all',
		});
		expect((await listRetentionPolicies(t.db))[0]).toMatchObject({ keepMonths: 3, scope: 'all' });
		await expect(
			setRetentionPolicy(t.db, { appliesTo: 'template', code: 'NOPE', keepMonths: 3 }),
		).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'code' } });
		await expect(
			setRetentionPolicy(t.db, { appliesTo: 'group', code: 'G2', keepMonths: 0 }),
		).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'keepMonths' } });
		await expect(
			setRetentionPolicy(t.db, { appliesTo: 'contact', code: 'G2', keepMonths: 1 }),
		).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'appliesTo' } });
		expect(await deleteRetentionPolicy(t.db, { appliesTo: 'group', code: 'g1' })).toEqual({
			appliesTo: 'group',
			code: 'G1',
			deleted: true,
		});
		await deleteTemplate(t.db, 'A');
		expect(await listRetentionPolicies(t.db)).toEqual([]);
	});

	it('a dry run counts what the run deletes; newer entries and templates without a policy stay', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(entryArb, { maxLength: 30 }),
				fc.integer({ min: 1, max: 7 }),
				async (entries, batchSize) => {
					await seedSetup();
					const entryNos = await seedEntries(
						t.db,
						entries.map((entry) => ({
							template_code: entry.template,
							group_code: TEMPLATES[entry.template],
							occurred_at: now.minus({ days: entry.daysAgo }).toISO()!,
							canceled: entry.canceled,
						})),
					);
					const dryRun = await applyRetentionPolicies(t.db, { dryRun: true, now });
					const run = await applyRetentionPolicies(t.db, { now, batchSize, actor: 'retention' });
					expect(run.total).toBe(dryRun.total);
					expect(run.policies.map((p) => [p.code, p.byTemplate])).toEqual(
						dryRun.policies.map((p) => [p.code, p.byTemplate]),
					);
					const left = (
						await t.db('interaction_log_entries').orderBy('entry_no').pluck('entry_no')
					).map(Number);
					expect(left).toEqual(entryNos.filter((_, i) => !goes(entries[i])));
					const audit = await t
						.db('interaction_log_events')
						.where({ event_type: 'purged' })
						.orderBy('event_no');
					expect(audit.map((e) => [e.actor, e.reason])).toEqual([
						['retention', 'retention policy of template A: keep 6 months (canceled entries)'],
						['retention', 'retention policy of group G1: keep 12 months (all entries)'],
					]);
				},
			),
			{ numRuns: backend === 'pglite' ? 10 : 20 },
		);
	});
});
