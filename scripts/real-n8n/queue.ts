// n8n in queue mode, started by the project for the demo, the e2e test and the webhook bench:
// one main process (editor, REST API, activation), workers that run the executions, and a
// webhook processor that takes the production webhooks, all sharing n8n's own database on
// PostgreSQL, one encryption key, and Redis under key prefixes of their own. Each process gets
// its own user folder (with this package installed as n8n's installer would) and its own ports.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import knex from 'knex';

import { installPackageInto } from './package-install';
import { freePort } from './processes';
import type { N8nInstall as N8nRuntime } from './install';
import { checkRedis, deleteKeysWithPrefix, LOCAL_REDIS, type RedisAddress } from './redis';
import { DEFAULT_TIMEZONE, startN8n, type N8nServer } from './server';

/** Bull's job lock and stalled-job check, in ms (n8n's defaults: 60,000 / 10,000 / 30,000). */
export interface QueueLockSettings {
	readonly lockDurationMs: number;
	readonly lockRenewMs: number;
	readonly stalledIntervalMs: number;
}

export interface N8nDatabaseOptions {
	/** A PostgreSQL URL of the server (any database on it: used to create n8n's). */
	readonly serverUrl: string;
	/** n8n's own database, created when missing. */
	readonly database: string;
	/** Drop it when the setup stops (tests and benches; the demo keeps it). */
	readonly dropOnStop?: boolean;
}

export interface QueueModeOptions {
	readonly runtime: N8nRuntime;
	readonly workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`, n8n's default 10). */
	readonly concurrency?: number;
	/** Holds a user folder per process (main/, worker-1/, …, webhook/). */
	readonly baseDir: string;
	/** Where each process's output goes: `<logPrefix>-main.log`, … */
	readonly logDir: string;
	readonly logPrefix?: string;
	/** This package packed (`npm pack`), installed into every process's community-nodes folder. */
	readonly tarball: string;
	readonly n8nDatabase: N8nDatabaseOptions;
	readonly redis?: RedisAddress;
	/** Prefix of every Redis key of the setup (Bull's and n8n's); a random one when left out. */
	readonly redisPrefix?: string;
	/** One key for all processes; a random one when left out (keep it to reuse credentials). */
	readonly encryptionKey?: string;
	readonly timezone?: string;
	/** The editor's port; a free one when left out. */
	readonly editorPort?: number;
	readonly lock?: QueueLockSettings;
	/** More settings for every process. */
	readonly env?: Readonly<Record<string, string>>;
}

export type QueueProcessRole = 'main' | 'worker' | 'webhook';

export interface QueueMode {
	/** The main process: the editor and REST API. */
	readonly main: N8nServer;
	/** The webhook processor: production webhooks go here. */
	readonly webhook: N8nServer;
	/** The workers, as now running (a restarted one replaces its entry). */
	readonly workers: readonly N8nServer[];
	readonly redisPrefix: string;
	readonly encryptionKey: string;
	/** The production URL of a webhook path, on the webhook processor. */
	webhookUrl(path: string): string;
	/** Kills worker `index` with SIGKILL (its task runner too), as a crash or an OOM kill would. */
	crashWorker(index: number): Promise<void>;
	/** Starts worker `index` again, with its folder and ports, and waits until it is ready. */
	restartWorker(index: number): Promise<void>;
	/** Stops every process, deletes the Redis keys of the prefix, drops n8n's database if asked. */
	stop(): Promise<void>;
}

/** n8n's own database on PostgreSQL (DB_POSTGRESDB_*), for every process of the setup. */
export function n8nDatabaseEnv(serverUrl: string, database: string): Record<string, string> {
	const url = new URL(serverUrl);
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: url.hostname,
		DB_POSTGRESDB_PORT: url.port || '5432',
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: decodeURIComponent(url.username),
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(url.password),
	};
}

// A database name is spliced into CREATE/DROP DATABASE: plain identifiers only.
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function onServer<T>(serverUrl: string, work: (db: knex.Knex) => Promise<T>): Promise<T> {
	const db = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
	try {
		return await work(db);
	} finally {
		await db.destroy();
	}
}

/** Creates the database on the server unless it exists. */
export async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
	if (!DATABASE_NAME.test(database)) throw new Error(`"${database}" is not a plain database name`);
	await onServer(serverUrl, async (db) => {
		const { rows } = await db.raw<{ rows: unknown[] }>(
			'select 1 from pg_database where datname = ?',
			[database],
		);
		if (rows.length === 0) await db.raw(`create database "${database}"`);
	});
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
	if (!DATABASE_NAME.test(database)) throw new Error(`"${database}" is not a plain database name`);
	await onServer(serverUrl, (db) => db.raw(`drop database if exists "${database}" with (force)`));
}

/** A Redis key prefix of its own for one setup, e.g. `il-queue-3f9a1c`. */
export function newRedisPrefix(base = 'il-queue'): string {
	return `${base}-${randomBytes(4).toString('hex')}`;
}

function queueEnv(options: QueueModeOptions, redisPrefix: string, encryptionKey: string) {
	const redis = options.redis ?? LOCAL_REDIS;
	const lock = options.lock;
	return {
		...n8nDatabaseEnv(options.n8nDatabase.serverUrl, options.n8nDatabase.database),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Bull's keys (`<prefix>:jobs:…`) and n8n's own (pub/sub commands, cache) under one prefix,
		// so that several setups share a Redis without seeing each other's jobs.
		QUEUE_BULL_PREFIX: redisPrefix,
		N8N_REDIS_KEY_PREFIX: redisPrefix,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Production webhooks are the webhook processor's; the main process only serves the editor.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
		...(lock
			? {
					QUEUE_WORKER_LOCK_DURATION: String(lock.lockDurationMs),
					QUEUE_WORKER_LOCK_RENEW_TIME: String(lock.lockRenewMs),
					QUEUE_WORKER_STALLED_INTERVAL: String(lock.stalledIntervalMs),
				}
			: {}),
		...options.env,
	};
}

/**
 * Starts the main process, then the workers and the webhook processor, and resolves once every
 * one is ready. On failure everything started so far is stopped and cleaned up.
 */
export async function startQueueMode(options: QueueModeOptions): Promise<QueueMode> {
	const redis = options.redis ?? LOCAL_REDIS;
	await checkRedis(redis);
	const redisPrefix = options.redisPrefix ?? newRedisPrefix();
	const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('base64url');
	const env = queueEnv(options, redisPrefix, encryptionKey);
	const { runtime } = options;
	const timezone = options.timezone ?? DEFAULT_TIMEZONE;
	const logPrefix = options.logPrefix ?? 'queue';
	const concurrency = options.concurrency ?? 10;
	const folder = (name: string) => join(options.baseDir, name);
	const logFile = (name: string) => join(options.logDir, `${logPrefix}-${name}.log`);
	const common = { install: runtime, timezone };

	const started: N8nServer[] = [];
	const workers: N8nServer[] = [];
	const cleanUp = async () => {
		await Promise.all(started.map((server) => server.stop()));
		await deleteKeysWithPrefix(redisPrefix, redis);
		if (options.n8nDatabase.dropOnStop) {
			await dropDatabase(options.n8nDatabase.serverUrl, options.n8nDatabase.database);
		}
	};

	// Ports fixed per process, so that a restarted worker comes back on the same ones.
	const workerPorts = await Promise.all(
		Array.from({ length: options.workers }, async () => ({
			port: await freePort(),
			brokerPort: await freePort(),
			healthPort: await freePort(),
		})),
	);
	const startWorker = async (index: number) => {
		const ports = workerPorts[index];
		const server = await startN8n({
			...common,
			userFolder: folder(`worker-${index + 1}`),
			logFile: logFile(`worker-${index + 1}`),
			command: 'worker',
			args: [`--concurrency=${concurrency}`],
			port: ports.port,
			brokerPort: ports.brokerPort,
			env: {
				...env,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(ports.healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
			readyUrl: `http://127.0.0.1:${ports.healthPort}/healthz/readiness`,
		});
		started.push(server);
		workers[index] = server;
	};

	try {
		await createDatabaseIfMissing(options.n8nDatabase.serverUrl, options.n8nDatabase.database);
		const mainFolder = folder('main');
		await installPackageInto(mainFolder, options.tarball);
		// The same installed package for every other process, as if each had installed it.
		const others = [...workerPorts.map((_, i) => `worker-${i + 1}`), 'webhook'];
		for (const name of others) {
			mkdirSync(join(folder(name), '.n8n'), { recursive: true });
			cpSync(join(mainFolder, '.n8n', 'nodes'), join(folder(name), '.n8n', 'nodes'), {
				recursive: true,
			});
		}
		// The main process first: it migrates n8n's database, which the others wait for.
		const main = await startN8n({
			...common,
			userFolder: mainFolder,
			logFile: logFile('main'),
			port: options.editorPort,
			env,
		});
		started.push(main);
		const webhookPort = await freePort();
		const [webhook] = await Promise.all([
			startN8n({
				...common,
				userFolder: folder('webhook'),
				logFile: logFile('webhook'),
				command: 'webhook',
				port: webhookPort,
				env,
				readyUrl: `http://127.0.0.1:${webhookPort}/healthz/readiness`,
			}).then((server) => {
				started.push(server);
				return server;
			}),
			...workerPorts.map((_, index) => startWorker(index)),
		]);
		return {
			main,
			webhook,
			workers,
			redisPrefix,
			encryptionKey,
			webhookUrl: (path) => `${webhook.url}/webhook/${path}`,
			crashWorker: async (index) => await workers[index].kill('SIGKILL'),
			restartWorker: async (index) => {
				await workers[index].stop();
				await startWorker(index);
			},
			stop: cleanUp,
		};
	} catch (error) {
		await cleanUp().catch(() => undefined);
		throw error;
	}
}
