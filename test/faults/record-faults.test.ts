import { spawn } from 'node:child_process';
import { join } from 'node:path';

import knex, { type Knex } from 'knex';

import { upsertContacts } from '../../lib/contacts';
import {
	closeAllDatabases,
	getDatabase,
	postgresConfigFromUrl,
	type ConnectionConfig,
} from '../../lib/db';
import { purgeCanceled } from '../../lib/purge';
import { recordContactInteractions } from '../../lib/record';
import { createGroup, createTemplate } from '../../lib/setup';
import { freshConfig } from '../support/database';
import { runNode } from '../support/workflow';
import { startCluster, type TestCluster } from './cluster';

// Faults against a PostgreSQL cluster of this file's own (restarted, its backends killed) and
// against writer processes killed with SIGKILL, on both backends. Counts are exact.

const ITEMS = 20_000;
// Knex prints connection failures; the tests cause them on purpose.
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };
const SCHEMA = 'interaction_log';

const contactItems = (count: number) =>
	Array.from({ length: count }, (_x, n) => ({
		contactNo: `CT${n % 10}`,
		templateCode: 'CALL',
		salespersonCode: 'JO',
		description: `call ${n}`,
	}));

const independently = {
	target: 'contact',
	inputMode: 'autoMap',
	options: { batching: 'independently' },
};

async function seedSetup(db: Knex) {
	await createGroup(db, { code: 'PHONE' });
	await createTemplate(db, { code: 'CALL', groupCode: 'PHONE', description: 'Call' });
	await upsertContacts(
		db,
		Array.from({ length: 10 }, (_c, n) => ({ contactNo: `CT${n}`, salespersonCode: 'JO' })),
	);
}

async function counts(db: Knex) {
	const { rows } = await db.raw<{ rows: { entries: number; recorded: number; keys: number }[] }>(
		`select (select count(*)::int from interaction_log_entries) as entries,
			(select count(*)::int from interaction_log_events where event_type = 'recorded') as recorded,
			(select count(distinct idempotency_key)::int from interaction_log_entries) as keys`,
	);
	return rows[0];
}

/** Calls `fault` once `probe` (polled every 10 ms on its own connection) returns true. */
function when(probe: () => Promise<boolean>, fault: () => Promise<void> | void) {
	let stopped = false;
	const done = (async () => {
		while (!stopped) {
			if (await probe().catch(() => false)) {
				await fault();
				return true;
			}
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		return false;
	})();
	return {
		async stop() {
			stopped = true;
			return await done;
		},
	};
}

describe('faults: a PostgreSQL cluster of its own, restarted and killed mid-write', () => {
	let cluster: TestCluster;
	let config: ConnectionConfig;
	let db: Knex;
	let watcher: Knex;

	beforeAll(async () => {
		cluster = await startCluster();
		const admin = knex({
			client: 'pg',
			connection: cluster.url(),
			pool: { min: 0, max: 1 },
			log: quiet,
		});
		await admin.raw('create database il');
		await admin.destroy();
		config = postgresConfigFromUrl(cluster.url('il'), {
			schema: SCHEMA,
			url: undefined,
			maxConnections: 4,
			connectionTimeoutMs: 5000,
		});
		db = await getDatabase(config);
		watcher = knex({
			client: 'pg',
			connection: cluster.url('il'),
			searchPath: [SCHEMA],
			pool: { min: 0, max: 1 },
			log: quiet,
		});
		await seedSetup(db);
	});

	afterAll(async () => {
		await watcher?.destroy();
		await closeAllDatabases();
		cluster?.remove();
	});

	beforeEach(async () => {
		await db.raw(
			'truncate interaction_log_events, interaction_log_comments, interaction_log_entries restart identity cascade',
		);
	});

	const entriesAtLeast = (n: number) => async () =>
		Number((await watcher.raw('select count(*) as n from interaction_log_entries')).rows[0].n) >= n;

	it('Independently + a server restart mid-batch + Retry On Fail: exactly one entry per item', async () => {
		const restart = when(entriesAtLeast(2000), () => {
			cluster.stop();
			cluster.start();
		});
		const { items, error } = await runNode(config, 'recordInteraction', independently, {
			items: contactItems(ITEMS),
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1500 },
		});
		expect(await restart.stop()).toBe(true);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(ITEMS);
		expect(items.every((item) => item.json.recorded === true)).toBe(true);
		const duplicates = items.filter((item) => item.json.duplicate === true).length;
		// The retry found what the first try committed before the restart, and wrote only the rest.
		expect(duplicates).toBeGreaterThanOrEqual(2000);
		expect(duplicates).toBeLessThan(ITEMS);
		expect(await counts(db)).toEqual({ entries: ITEMS, recorded: ITEMS, keys: ITEMS });
	});

	it('a killed backend: the error names the server and what was recorded; a retried execution records the rest once', async () => {
		const kill = when(entriesAtLeast(1000), async () => {
			await cluster.terminateBackends('il');
		});
		const failed = await runNode(config, 'recordInteraction', independently, {
			items: contactItems(ITEMS),
			executionId: '101',
		});
		expect(await kill.stop()).toBe(true);
		const recorded = (await counts(db)).entries;
		expect(recorded).toBeGreaterThanOrEqual(1000);
		expect(recorded).toBeLessThan(ITEMS);
		const shown = (n: number) => n.toLocaleString('en-US');
		expect(failed.error?.message).toBe(
			`The connection to PostgreSQL at 127.0.0.1:${cluster.port} was lost while recording: ${shown(recorded)} of ${shown(ITEMS)} items were recorded, ${shown(ITEMS - recorded)} were not`,
		);
		expect(failed.error?.description).toContain(`Recorded: ${recorded} of ${ITEMS} items`);
		expect(failed.error?.description).toContain(`Not recorded: items ${recorded} to ${ITEMS - 1}.`);
		expect(failed.error?.description).not.toMatch(/insert|select/i);

		// n8n's "Retry" of the failed execution: a new execution id, the saved execution data.
		const retried = await runNode(config, 'recordInteraction', independently, {
			items: contactItems(ITEMS),
			executionId: '102',
			retryOf: failed,
		});
		expect(retried.error).toBeUndefined();
		expect(retried.items.filter((item) => item.json.duplicate === true)).toHaveLength(recorded);
		expect(await counts(db)).toEqual({ entries: ITEMS, recorded: ITEMS, keys: ITEMS });
	});

	it.each(['independently', 'transaction'] as const)(
		'a stopped execution (%s) stops at the next statement, cancels the running one and rolls it back',
		async (batching) => {
			const controller = new AbortController();
			const probe =
				batching === 'independently'
					? entriesAtLeast(1000)
					: async () =>
							Number(
								(
									await watcher.raw(
										`select count(*) as n from pg_stat_activity where application_name like 'interaction-log %' and state = 'active'`,
									)
								).rows[0].n,
							) > 0;
			const stop = when(probe, () => controller.abort());
			const outcomes = await recordContactInteractions(db, contactItems(ITEMS), {
				timeZone: 'UTC',
				batching,
				signal: controller.signal,
			});
			expect(await stop.stop()).toBe(true);
			const recorded = outcomes.filter((o) => o.status === 'recorded').length;
			expect((await counts(db)).entries).toBe(recorded);
			if (batching === 'transaction') expect(recorded).toBe(0);
			else {
				expect(recorded % 1000).toBe(0);
				expect(recorded).toBeGreaterThanOrEqual(1000);
				expect(recorded).toBeLessThan(ITEMS);
			}
			const failed = outcomes.find((o) => o.status === 'failed') as { error: Error };
			expect(failed.error.message).toMatch(
				/^The (execution was stopped|statement was canceled \(it ran past the statement timeout, or the execution was stopped\)): (nothing was recorded|[\d,]+ of 20,000 items were recorded, [\d,]+ were not)$/,
			);
			expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(ITEMS - recorded);
		},
	);

	it('a purge whose backend is killed mid-run leaves a record naming every deleted entry', async () => {
		await db.raw(
			`insert into interaction_log_entries (occurred_at, template_code, group_code, canceled, canceled_at)
			select now(), 'CALL', 'PHONE', true, now() from generate_series(1, 20000)`,
		);
		const kill = when(
			async () =>
				Number(
					(
						await watcher.raw(
							`select coalesce(max((details->>'deleted')::int), 0) as n from interaction_log_events where event_type = 'purged'`,
						)
					).rows[0].n,
				) >= 1000,
			async () => {
				await cluster.terminateBackends('il');
			},
		);
		// Batches of 100: 200 of them leave the kill seconds to land mid-run (in batches of 500 the
		// purge once finished in 0.8 s, before the kill, on a loaded machine).
		await expect(purgeCanceled(db, { batchSize: 100, actor: 'fault test' })).rejects.toThrow();
		expect(await kill.stop()).toBe(true);
		await expectRecordAccountsForDeletions(db, 20000, 'failed');
	});

	it('kill -9 of a purging process: its record names every deleted entry and the next run reports it interrupted', async () => {
		await db.raw(
			`insert into interaction_log_entries (occurred_at, template_code, group_code, canceled, canceled_at)
			select now(), 'CALL', 'PHONE', true, now() from generate_series(1, 20000)`,
		);
		const writer = startWriter({ config, action: 'purge', count: 0, batching: 'transaction' });
		await writer.writing;
		const killed = when(
			async () =>
				Number(
					(
						await watcher.raw(
							`select coalesce(max((details->>'deleted')::int), 0) as n from interaction_log_events where event_type = 'purged'`,
						)
					).rows[0].n,
				) >= 1000,
			() => writer.kill(),
		);
		await writer.exited;
		expect(await killed.stop()).toBe(true);
		const [record] = await expectRecordAccountsForDeletions(db, 20000, 'running');
		const next = await purgeCanceled(db, { batchSize: 5000 });
		expect(next).toMatchObject({
			interruptedRuns: [{ eventNo: record.event_no, deleted: record.details.deleted }],
		});
		const closed = await db('interaction_log_events').where({ event_no: record.event_no }).first();
		expect(closed?.details?.status).toBe('interrupted');
	});
});

interface PurgeRecord {
	event_no: number;
	details: { status: string; deleted: number; entryNos: (number | [number, number])[] };
}

/** The run's record names exactly the entries that are gone. */
async function expectRecordAccountsForDeletions(db: Knex, seeded: number, status: string) {
	const records: PurgeRecord[] = (
		await db('interaction_log_events').where({ event_type: 'purged' }).orderBy('event_no')
	).map((row) => ({ ...(row as unknown as PurgeRecord), event_no: Number(row.event_no) }));
	expect(records).toHaveLength(1);
	const [record] = records;
	expect(record.details.status).toBe(status);
	const left = new Set(
		(await db('interaction_log_entries').pluck('entry_no')).map((n: string | number) => Number(n)),
	);
	const gone: number[] = [];
	for (let n = 1; n <= seeded; n++) if (!left.has(n)) gone.push(n);
	const named: number[] = [];
	for (const range of record.details.entryNos) {
		const [first, last] = Array.isArray(range) ? range : [range, range];
		for (let n = first; n <= last; n++) named.push(n);
	}
	expect(gone.length).toBeGreaterThan(0);
	expect(gone.length).toBeLessThan(seeded);
	expect(named).toEqual(gone);
	expect(record.details.deleted).toBe(gone.length);
	return records;
}

interface Writer {
	readonly writing: Promise<void>;
	readonly exited: Promise<number | null>;
	kill(): void;
}

/** Starts test/faults/writer.ts in its own Node process. */
function startWriter(args: {
	config: ConnectionConfig;
	action: 'record' | 'purge';
	count: number;
	batching: 'transaction' | 'independently';
}): Writer {
	const child = spawn(
		process.execPath,
		[
			'-r',
			join(__dirname, '..', 'support', 'ts-require.js'),
			join(__dirname, 'writer.ts'),
			JSON.stringify(args),
		],
		{ env: { ...process.env, NODE_OPTIONS: '' } },
	);
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const writing = new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (stdout.includes('writing\n')) resolve();
		});
		child.on('close', (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
	});
	const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
	return { writing, exited, kill: () => child.kill('SIGKILL') };
}

describe.each(['pglite', 'postgres'] as const)(
	'faults: %s: kill -9 of a recording process',
	(backend) => {
		let cluster: TestCluster | undefined;
		let config: ConnectionConfig;

		beforeAll(async () => {
			if (backend === 'postgres') {
				cluster = await startCluster();
				const admin = knex({
					client: 'pg',
					connection: cluster.url(),
					pool: { min: 0, max: 1 },
					log: quiet,
				});
				await admin.raw('create database il');
				await admin.destroy();
				config = postgresConfigFromUrl(cluster.url('il'), { schema: SCHEMA, url: undefined });
			} else {
				config = freshConfig('pglite');
			}
			await seedSetup(await getDatabase(config));
			// The child opens the embedded store itself: one process at a time.
			await closeAllDatabases();
		});

		afterAll(async () => {
			await closeAllDatabases();
			cluster?.remove();
		});

		it.each(['transaction', 'independently'] as const)(
			'in %s mode leaves nothing half-written: every entry has its audit event and comment',
			async (batching) => {
				const writer = startWriter({ config, action: 'record', count: ITEMS, batching });
				await writer.writing;
				await new Promise((resolve) => setTimeout(resolve, backend === 'pglite' ? 1500 : 400));
				writer.kill();
				await writer.exited;
				const db = await getDatabase(config);
				const { rows } = await db.raw<{
					rows: { entries: number; recorded: number; comments: number }[];
				}>(
					`select (select count(*)::int from interaction_log_entries) as entries,
					(select count(*)::int from interaction_log_events where event_type = 'recorded') as recorded,
					(select count(*)::int from interaction_log_comments) as comments`,
				);
				const { entries, recorded, comments } = rows[0];
				expect(recorded).toBe(entries);
				expect(comments).toBe(entries);
				if (batching === 'transaction') expect([0, ITEMS]).toContain(entries);
				else expect(entries % 1000 === 0 || entries === ITEMS).toBe(true);
				await db.raw(
					'truncate interaction_log_events, interaction_log_comments, interaction_log_entries restart identity cascade',
				);
				await closeAllDatabases();
			},
		);
	},
);
