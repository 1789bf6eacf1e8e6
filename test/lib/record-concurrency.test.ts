import { spawn } from 'node:child_process';
import { join } from 'node:path';

import type { Knex } from 'knex';

import { upsertContacts } from '../../lib/contacts';
import type { ConnectionConfig } from '../../lib/db';
import { closeAllDatabases, getDatabase } from '../../lib/db';
import { createGroup } from '../../lib/setup';
import { setTemplateSetupSlot } from '../../lib/setup';
import { createTemplate } from '../../lib/setup';
import { TEST_PG_URL } from '../support/backends';
import { freshConfig } from '../support/database';

const SUPPORT = join(__dirname, '..', 'support');

interface Worker {
	readonly ready: Promise<void>;
	readonly done: Promise<string[]>;
	go(): void;
}

/** Starts test/support/record-worker.ts in its own Node process; it waits for `go()`. */
function startWorker(
	config: ConnectionConfig,
	options: { reverse: boolean; batchSize: number },
): Worker {
	const child = spawn(
		process.execPath,
		[
			'-r',
			join(SUPPORT, 'ts-require.js'),
			join(SUPPORT, 'record-worker.ts'),
			JSON.stringify({ config, count: 1000, ...options }),
		],
		{ env: { ...process.env, NODE_OPTIONS: '' } },
	);
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const ready = new Promise<void>((resolve) => {
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (stdout.startsWith('ready\n')) resolve();
		});
	});
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('close', (code) =>
			code === 0
				? resolve(JSON.parse(stdout.slice('ready\n'.length)) as string[])
				: reject(new Error(`worker exited with ${code}: ${stderr}`)),
		);
	});
	return { ready, done, go: () => child.stdin.end('go\n') };
}

async function entryCount(db: Knex) {
	return Number(
		(await db('interaction_log_entries').count<{ count: string }[]>('* as count'))[0].count,
	);
}

// Two processes are two connection pools: only the server has them (PGlite is one process's).
(TEST_PG_URL ? describe : describe.skip)(
	'postgres: two processes recording the same document events',
	() => {
		let config: ConnectionConfig;
		let db: Knex;
		beforeAll(async () => {
			config = freshConfig('postgres');
			db = await getDatabase(config);
			await createGroup(db, { code: 'SALES' });
			await createTemplate(db, { code: 'SINV', groupCode: 'SALES', description: 'Sales invoice' });
			await setTemplateSetupSlot(db, { kind: 'sales_invoice', templateCode: 'SINV' });
			await upsertContacts(
				db,
				Array.from({ length: 10 }, (_c, i) => ({
					contactNo: `CT${i}`,
					businessRelations: [{ relation: 'customer', externalNo: `C${i}` }],
				})),
			);
		});
		afterAll(async () => await closeAllDatabases());
		beforeEach(
			async () => await db.raw('truncate interaction_log_entries, interaction_log_events cascade'),
		);

		it.each([
			['in one batch each, in opposite orders', 1000],
			['in batches of 50, in opposite orders', 50],
		])('end with exactly 1,000 entries %s', async (_case, batchSize) => {
			const workers = [
				startWorker(config, { reverse: false, batchSize }),
				startWorker(config, { reverse: true, batchSize }),
			];
			// Both have loaded the library and connected before either starts.
			await Promise.all(workers.map((w) => w.ready));
			workers.forEach((w) => w.go());
			const [a, b] = await Promise.all(workers.map((w) => w.done));
			expect(await entryCount(db)).toBe(1000);
			const statuses = [...a, ...b];
			expect(statuses.filter((s) => s !== 'recorded' && s !== 'duplicate')).toEqual([]);
			expect(statuses.filter((s) => s === 'recorded')).toHaveLength(1000);
		});
	},
);
