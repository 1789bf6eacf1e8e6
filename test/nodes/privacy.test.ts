import { DateTime } from 'luxon';
import type { INodeParameters } from 'n8n-workflow';

import { upsertContacts } from '../../lib/contacts';
import { recordContactInteractions } from '../../lib/record';
import { createGroup, createTemplate } from '../../lib/setup';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { byCode, runNode } from '../support/workflow';

describe.each(BACKENDS)('%s: privacy requests through the nodes', (backend) => {
	const t = useTestDatabase(backend);
	const setup = (parameters: INodeParameters, options?: Parameters<typeof runNode>[3]) =>
		runNode(t.config, 'interactionSetup', parameters, options);

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
		]);
	});

	describe('Interaction Setup → Contact → Erase', () => {
		it('lists what would change in a dry run, then erases; an unknown number is an error item paired to its input', async () => {
			const dryRun = await setup({
				resource: 'contact',
				operation: 'erase',
				contactNo: byCode('CT101'),
				dryRun: true,
			});
			expect(dryRun.items).toEqual([
				{
					json: {
						dryRun: true,
						alreadyErased: false,
						pseudonym: null,
						changes: {
							contact_business_relations: 1,
							contacts: 1,
							erased_contact_keys: 1,
							interaction_log_comments: 0,
							interaction_log_contact_rollup: 0,
							interaction_log_entries: 0,
							interaction_log_events: 1,
							segment_lines: 0,
						},
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(await t.db('contacts').where({ contact_no: 'CT101' })).toHaveLength(1);

			const { items } = await setup(
				{
					resource: 'contact',
					operation: 'erase',
					contactNo: byCode('={{ $json.no }}'),
					options: { actor: 'dpo@example.org' },
				},
				{ items: [{ no: 'CT101' }, { no: 'CT100' }, { no: 'CT999' }], continueOnFail: true },
			);
			expect(
				items.map((item) => [item.pairedItem, item.json.pseudonym ?? item.json.errorCode]),
			).toEqual([
				[{ item: 0 }, expect.stringMatching(/^ERASED-/)],
				[{ item: 1 }, expect.stringMatching(/^ERASED-/)],
				[{ item: 2 }, 'NOT_FOUND'],
			]);
			expect(
				await t.db('contacts').orderBy('contact_no').select('name', 'email', 'privacy_blocked'),
			).toEqual([
				{ name: '', email: null, privacy_blocked: true },
				{ name: '', email: null, privacy_blocked: true },
			]);
		});

		it('stops on a company that still has persons, naming them and the fix', async () => {
			const { error } = await setup({
				resource: 'contact',
				operation: 'erase',
				contactNo: byCode('CT100'),
			});
			expect(error?.message).toBe('Company CT100 still has persons who are not erased: CT101');
			expect(error?.description).toContain('Erase its persons first');
		});
	});

	describe('Interaction Setup → Contact → Export', () => {
		it('outputs the document as JSON and, when asked, as a JSON file and a CSV of the entries', async () => {
			await recordContactInteractions(
				t.db,
				[
					{
						contactNo: 'CT101',
						templateCode: 'CALL',
						description: 'Ann, "call"',
						salespersonCode: 'JR',
					},
				],
				{ timeZone: 'UTC' },
			);
			const { items, error } = await setup({
				resource: 'contact',
				operation: 'export',
				contactNo: byCode('CT101'),
				attachFiles: true,
			});
			expect(error).toBeUndefined();
			const [item] = items;
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({
				contactNo: 'CT101',
				contact: { name: 'Ann Lee' },
				counts: { entries: 1, events: 1 },
			});
			const files = item.binary!;
			expect(files.export).toMatchObject({
				fileName: 'contact-CT101.json',
				mimeType: 'application/json',
			});
			expect(files.entries).toMatchObject({
				fileName: 'contact-CT101-entries.csv',
				mimeType: 'text/csv',
			});
			const json = JSON.parse(Buffer.from(files.export.data, 'base64').toString('utf8'));
			expect(json).toEqual(item.json);
			const csv = Buffer.from(files.entries.data, 'base64').toString('utf8').split('\r\n');
			expect(csv[1]).toContain('"Ann, ""call"""');
		});
	});

	describe('Retention Policy and Purge Canceled in Retention mode', () => {
		it('sets and lists policies, applies them with a dry run first, deletes a policy', async () => {
			const set = await setup({
				resource: 'retentionPolicy',
				operation: 'set',
				appliesTo: 'template',
				templateCode: byCode('CALL'),
				keepMonths: 6,
				scope: 'all',
				additionalFields: { description: 'Calls: half a year' },
			});
			expect(set.items[0].json).toMatchObject({
				appliesTo: 'template',
				code: 'CALL',
				keepMonths: 6,
				scope: 'all',
			});
			const listed = await setup({ resource: 'retentionPolicy', operation: 'getMany' });
			expect(listed.items.map((item) => item.json.code)).toEqual(['CALL']);

			const old = DateTime.now().minus({ months: 7 }).toISO();
			await recordContactInteractions(
				t.db,
				[
					{
						contactNo: 'CT101',
						templateCode: 'CALL',
						description: 'Old',
						salespersonCode: 'JR',
						occurredAt: old,
					},
					{ contactNo: 'CT101', templateCode: 'CALL', description: 'New', salespersonCode: 'JR' },
				],
				{ timeZone: 'UTC' },
			);
			const purge = (dryRun: boolean) =>
				runNode(t.config, 'purgeCanceled', {
					mode: 'retention',
					dryRun,
					options: { actor: 'nightly' },
				});
			const dryRun = await purge(true);
			expect(dryRun.items[0].json).toMatchObject({
				dryRun: true,
				total: 1,
				policies: [
					{ appliesTo: 'template', code: 'CALL', wouldDelete: 1, byTemplate: { CALL: 1 } },
				],
			});
			const run = await purge(false);
			expect(run.items[0].json).toMatchObject({
				dryRun: false,
				total: 1,
				policies: [{ deleted: 1 }],
			});
			expect(await t.db('interaction_log_entries').pluck('description')).toEqual(['New']);

			const deleted = await setup({
				resource: 'retentionPolicy',
				operation: 'delete',
				appliesTo: 'template',
				templateCode: byCode('CALL'),
			});
			expect(deleted.items[0].json).toEqual({ appliesTo: 'template', code: 'CALL', deleted: true });
		});
	});
});
