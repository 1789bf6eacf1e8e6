import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import knex, { type Knex } from 'knex';

// A PostgreSQL cluster of a test's own, made from the binaries on the machine (`pg_config
// --bindir`), on a free port in a temp directory: the fault tests restart it and kill its
// backends, which they must never do to a shared server. `remove()` stops it and deletes it.

const BIN = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();

// PostgreSQL refuses to run as root: the cluster then belongs to the `postgres` user.
const asRoot = process.getuid?.() === 0;

function run(program: string, args: readonly string[]) {
	const command = asRoot ? 'runuser' : join(BIN, program);
	const argv = asRoot ? ['-u', 'postgres', '--', join(BIN, program), ...args] : [...args];
	const result = spawnSync(command, argv, { encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
	}
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export interface TestCluster {
	readonly host: string;
	readonly port: number;
	/** A `postgres://` URL of `database` on this cluster. */
	url(database?: string): string;
	start(): void;
	/** Stops at once (`immediate`: like a crash, no checkpoint); the next start recovers. */
	stop(): void;
	/** Terminates every backend of `database` except the caller's, from a second connection. */
	terminateBackends(database: string): Promise<number>;
	/** Stops the cluster and deletes its directory; safe to call twice. */
	remove(): void;
}

const live = new Set<TestCluster>();
process.once('exit', () => {
	for (const cluster of live) cluster.remove();
});

export async function startCluster(): Promise<TestCluster> {
	const root = mkdtempSync(join(tmpdir(), 'interaction-log-cluster-'));
	if (asRoot) execFileSync('chown', ['postgres', root]);
	const data = join(root, 'data');
	const port = await freePort();
	let running = false;
	let removed = false;
	const cluster: TestCluster = {
		host: '127.0.0.1',
		port,
		url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
		start() {
			run('pg_ctl', [
				'-D',
				data,
				'-w',
				'-l',
				join(root, 'server.log'),
				'-o',
				`-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
				'start',
			]);
			running = true;
		},
		stop() {
			if (!running) return;
			running = false;
			run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
		},
		async terminateBackends(database) {
			const admin = knex({
				client: 'pg',
				connection: cluster.url('postgres'),
				pool: { min: 0, max: 1 },
			});
			try {
				const { rows } = await admin.raw<{ rows: { n: number }[] }>(
					`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
					where datname = ? and pid <> pg_backend_pid()`,
					[database],
				);
				return rows[0].n;
			} finally {
				await admin.destroy();
			}
		},
		remove() {
			if (removed) return;
			removed = true;
			live.delete(cluster);
			try {
				cluster.stop();
			} finally {
				rmSync(root, { recursive: true, force: true });
			}
		},
	};
	live.add(cluster);
	try {
		run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
		cluster.start();
	} catch (error) {
		cluster.remove();
		throw error;
	}
	return cluster;
}

/** A Knex on the cluster's `postgres` database, for setting up and checking. */
export function clusterAdmin(cluster: TestCluster): Knex {
	return knex({ client: 'pg', connection: cluster.url(), pool: { min: 0, max: 2 } });
}
