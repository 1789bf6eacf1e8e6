// `npm run demo -- --queue [--workers 2]`: the demo's n8n in queue mode, on the local PostgreSQL
// (n8n's own database and the log's) and Redis. `--once` starts from empty databases (left for a
// look afterwards, emptied by the next `--once`); the editor mode keeps them, its user folders and
// its encryption key between runs. Redis keys are deleted whenever the demo stops.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { postgresConfigFromUrl, type PostgresConfig } from '../../lib/db';
import { createDatabaseIfMissing, dropDatabase, startQueueMode, type QueueMode } from './queue';
import type { N8nInstall as N8nRuntime } from './install';

export interface QueueDemoOptions {
	/** The demo's folder: user folders of the processes, their logs, the encryption key. */
	readonly home: string;
	readonly runtime: N8nRuntime;
	readonly workers: number;
	readonly editorPort?: number;
	/** A PostgreSQL URL of the server that holds both databases. */
	readonly serverUrl: string;
	/** `<prefix>_n8n` is n8n's database, `<prefix>_log` the interaction log's. */
	readonly databasePrefix: string;
	/** Start from empty databases and user folders. */
	readonly fresh: boolean;
	readonly tarball: string;
}

export interface QueueDemo {
	readonly queue: QueueMode;
	/** Where the credential points: the log's database on the server. */
	readonly config: PostgresConfig;
	/** The credential's fields as a user would fill them in. */
	readonly credentialData: Record<string, unknown>;
	stop(): Promise<void>;
}

/** Max Connections of the demo's credential: each worker runs up to 10 executions at once. */
const DEMO_MAX_CONNECTIONS = 5;

function encryptionKeyOf(home: string): string {
	const file = join(home, 'encryption-key');
	if (!existsSync(file))
		writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
	return readFileSync(file, 'utf8').trim();
}

export async function startQueueDemo(options: QueueDemoOptions): Promise<QueueDemo> {
	const n8nDatabase = `${options.databasePrefix}_n8n`;
	const logDatabase = `${options.databasePrefix}_log`;
	if (options.fresh) {
		rmSync(options.home, { recursive: true, force: true });
		await dropDatabase(options.serverUrl, n8nDatabase);
		await dropDatabase(options.serverUrl, logDatabase);
	}
	mkdirSync(options.home, { recursive: true });
	await createDatabaseIfMissing(options.serverUrl, logDatabase);
	const serverUrl = new URL(options.serverUrl);
	serverUrl.pathname = `/${logDatabase}`;
	const config = postgresConfigFromUrl(serverUrl.toString(), {
		url: undefined,
		maxConnections: DEMO_MAX_CONNECTIONS,
	});
	const queue = await startQueueMode({
		runtime: options.runtime,
		workers: options.workers,
		baseDir: join(options.home, 'processes'),
		logDir: join(options.home, 'logs'),
		tarball: options.tarball,
		n8nDatabase: { serverUrl: options.serverUrl, database: n8nDatabase },
		encryptionKey: encryptionKeyOf(options.home),
		editorPort: options.editorPort,
	});
	const { host, port, database, user, password, schema } = config;
	return {
		queue,
		config,
		credentialData: {
			mode: 'postgres',
			host,
			port,
			database,
			user,
			password,
			ssl: 'disable',
			maxConnections: DEMO_MAX_CONNECTIONS,
			schema,
			autoMigrate: true,
		},
		stop: () => queue.stop(),
	};
}
