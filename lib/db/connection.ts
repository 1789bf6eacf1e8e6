import knex, { type Knex } from 'knex';
import { Client as PgClient, type ClientConfig } from 'pg';

import { InteractionLogError } from '../core';
import {
	connectionKey,
	resolveDataDirectory,
	validateSchemaName,
	type ConnectionConfig,
	type EmbeddedConfig,
	type PostgresConfig,
} from './config';
import { describeConnectionError } from './connection-errors';
import { describeTarget, rememberTarget } from './database-errors';
import { openEmbeddedStore } from './embedded';
import { migrateToLatest, schemaIsMigrated } from './migrate';
import { connectionTypeParsers } from './types';

// knex-pglite is a CommonJS default export (module.exports = class).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ClientPgLite = require('knex-pglite') as typeof knex.Client;

/** Instances unused this long are destroyed, releasing their connections (or the PGlite store). */
export const IDLE_TIMEOUT_MS = 5 * 60_000;

function postgresConnection(config: PostgresConfig): Knex.PgConnectionConfig {
	return {
		...(config.url
			? { connectionString: config.url }
			: {
					host: config.host,
					port: config.port,
					database: config.database,
					user: config.user,
					password: config.password,
				}),
		ssl: config.ssl === 'require' ? { rejectUnauthorized: !config.allowSelfSigned } : false,
		connectionTimeoutMillis: config.connectionTimeoutMs,
		...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
		application_name: 'n8n-nodes-interaction-log',
		// Session time zone UTC: timestamps are compared and truncated the same way everywhere.
		// No JIT: the library's statements are short, and a statement read through a list of
		// pieces (statistics) can be estimated above jit_above_cost while compiling it takes
		// longer than running it (two years of days: ~90 ms of JIT for ~10 ms of work).
		options: '-c TimeZone=UTC -c jit=off',
		types: connectionTypeParsers,
	} as Knex.PgConnectionConfig;
}

// Knex prints driver failures to the console; they reach the caller as errors anyway.
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };

interface ResponseProcessor {
	processResponse(obj: unknown, runner: unknown): unknown;
}

/** Builds a Knex instance for `config`. Not cached: use `getDatabase` in nodes. */
export async function createKnex(config: ConnectionConfig): Promise<Knex> {
	const schema = validateSchemaName(config.schema);
	if (config.kind === 'postgres') {
		const db = knex({
			client: 'pg',
			connection: postgresConnection(config),
			searchPath: [schema, 'public'],
			pool: { min: 0, max: Math.max(1, config.maxConnections), idleTimeoutMillis: 30_000 },
			acquireConnectionTimeout: config.connectionTimeoutMs,
			log: quiet,
		});
		rememberTarget(db, config);
		return db;
	}
	// PGlite is one connection in this process: knex-pglite pins the pool to exactly one, and
	// destroying that connection closes the store and releases its directory lock.
	const store = await openEmbeddedStore(resolveDataDirectory(config));
	class EmbeddedClient extends ClientPgLite {
		async destroyRawConnection() {
			await store.close();
		}

		// knex-pglite derives the command from the method name, and Knex's `del` is not DELETE:
		// without this a delete returns the raw response instead of the row count.
		processResponse(obj: { method?: string }, runner: unknown) {
			const fixed = obj.method === 'del' ? { ...obj, method: 'delete' } : obj;
			return (ClientPgLite.prototype as unknown as ResponseProcessor).processResponse.call(
				this,
				fixed,
				runner,
			);
		}
	}
	const db = knex({
		client: EmbeddedClient,
		dialect: 'postgres',
		connection: () => ({ pglite: store.pglite }),
		searchPath: [schema, 'public'],
		log: quiet,
	} as Knex.Config);
	rememberTarget(db, config);
	return db;
}

/** Sets the log up for use: migrate it, or check it was migrated when auto-migrate is off. */
async function prepare(db: Knex, config: ConnectionConfig) {
	if (config.autoMigrate) {
		await migrateToLatest(db, config.schema);
		return;
	}
	if (!(await schemaIsMigrated(db, config.schema))) {
		throw new InteractionLogError(
			'CONFIGURATION',
			`The schema "${config.schema}" holds no interaction log`,
			{
				field: 'schema',
				value: config.schema,
				hint: 'Turn on "Run Migrations Automatically" in the credential, or run `npx interaction-log migrate` against this database.',
			},
		);
	}
}

interface CachedDatabase {
	readonly ready: Promise<Knex>;
	readonly schema: string;
	lastUsed: number;
}

// The one piece of module-level mutable state: a Knex per credential per process.
const cache = new Map<string, CachedDatabase>();
let sweeper: NodeJS.Timeout | undefined;

function isIdle(db: Knex): boolean {
	const pool = (db.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }).pool;
	return !pool || (pool.numUsed() === 0 && pool.numPendingAcquires() === 0);
}

/** Destroys the cached instances unused for `IDLE_TIMEOUT_MS` (run every minute; exported for tests). */
export async function evictIdleDatabases(now = Date.now()): Promise<void> {
	for (const [key, entry] of cache) {
		if (now - entry.lastUsed < IDLE_TIMEOUT_MS) continue;
		const db = await entry.ready.catch(() => undefined);
		if (db && !isIdle(db)) continue;
		cache.delete(key);
		await db?.destroy().catch(() => undefined);
	}
	if (cache.size === 0 && sweeper) {
		clearInterval(sweeper);
		sweeper = undefined;
	}
}

function startSweeper() {
	if (sweeper) return;
	sweeper = setInterval(() => void evictIdleDatabases(), 60_000);
	sweeper.unref();
}

function toConnectionError(error: unknown, config: ConnectionConfig): unknown {
	return describeConnectionError(error, config) ?? error;
}

/**
 * The shared, migrated Knex for a credential: created on first use, reused by every execution in
 * this process, destroyed after `IDLE_TIMEOUT_MS` without use.
 */
export async function getDatabase(config: ConnectionConfig): Promise<Knex> {
	const key = connectionKey(config);
	const cached = cache.get(key);
	if (cached) {
		if (cached.schema !== config.schema) {
			throw new InteractionLogError(
				'CONFIGURATION',
				`The embedded database in "${resolveDataDirectory(config as EmbeddedConfig)}" is already open with the schema "${cached.schema}"`,
				{
					field: 'schema',
					value: config.schema,
					hint: 'Use one schema per embedded data directory.',
				},
			);
		}
		cached.lastUsed = Date.now();
		return await cached.ready;
	}
	const ready = (async () => {
		const db = await createKnex(config);
		try {
			await prepare(db, config);
			return db;
		} catch (error) {
			await db.destroy().catch(() => undefined);
			throw error;
		}
	})();
	const entry: CachedDatabase = { ready, schema: config.schema, lastUsed: Date.now() };
	cache.set(key, entry);
	startSweeper();
	try {
		const db = await ready;
		entry.lastUsed = Date.now(); // opening an embedded store takes seconds
		// Every query counts as use: a run longer than the idle timeout keeps its instance.
		db.on('query', () => {
			entry.lastUsed = Date.now();
		});
		return db;
	} catch (error) {
		cache.delete(key);
		throw toConnectionError(error, config);
	}
}

/** Destroys every cached instance (process shutdown, tests). */
export async function closeAllDatabases(): Promise<void> {
	const entries = [...cache.values()];
	cache.clear();
	if (sweeper) clearInterval(sweeper);
	sweeper = undefined;
	await Promise.all(
		entries.map(async (entry) => {
			const db = await entry.ready.catch(() => undefined);
			await db?.destroy();
		}),
	);
}

/** Runs `work` on a throwaway instance (pool of one), destroyed afterwards. */
export async function withTemporaryDatabase<T>(
	config: ConnectionConfig,
	work: (db: Knex) => Promise<T>,
): Promise<T> {
	const temporaryConfig: ConnectionConfig =
		config.kind === 'postgres' ? { ...config, maxConnections: 1 } : config;
	const db = await createKnex(temporaryConfig);
	try {
		return await work(db);
	} finally {
		await db.destroy();
	}
}

/**
 * One plain connection, no pool, bounded by the connection timeout: the credential test's first
 * step, so that a server that does not answer, or answers but is not PostgreSQL, is told as such
 * within the timeout instead of as a pool that never got a connection.
 */
async function probeServer(config: PostgresConfig): Promise<void> {
	const client = new PgClient(postgresConnection(config) as ClientConfig);
	client.on('error', () => undefined);
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(
			() => reject(Object.assign(new Error('timeout expired'), { code: 'PROBE_TIMEOUT' })),
			config.connectionTimeoutMs + 500,
		);
	});
	try {
		await Promise.race([client.connect(), deadline]);
	} catch (error) {
		const { code, message = '' } = (error ?? {}) as { code?: string; message?: string };
		if (code === undefined && !/timeout/i.test(message)) {
			throw new InteractionLogError(
				'CONNECTION',
				`${describeTarget(config)} answered, but not as a PostgreSQL server`,
				{ hint: 'Check host and port in the credential: they may name another service.' },
				{ cause: error },
			);
		}
		throw error;
	} finally {
		clearTimeout(timer);
		void client.end().catch(() => undefined);
	}
}

export interface ConnectionTestResult {
	readonly ok: boolean;
	readonly message: string;
}

/**
 * The credential test: connects and checks the schema, never touching the shared instance's pool
 * (an embedded store already open in this process is queried through its cached instance).
 */
export async function testConnection(config: ConnectionConfig): Promise<ConnectionTestResult> {
	const check = async (db: Knex): Promise<ConnectionTestResult> => {
		await db.raw('select 1');
		if (await schemaIsMigrated(db, config.schema)) {
			return { ok: true, message: `Connected; the schema "${config.schema}" is ready` };
		}
		if (config.autoMigrate) {
			return {
				ok: true,
				message: `Connected; the schema "${config.schema}" will be created on first use`,
			};
		}
		return {
			ok: false,
			message: `Connected, but the schema "${config.schema}" holds no interaction log. Turn on "Run Migrations Automatically", or run \`npx interaction-log migrate\`.`,
		};
	};
	try {
		validateSchemaName(config.schema);
		if (config.kind === 'postgres') await probeServer(config);
		const cached = cache.get(connectionKey(config));
		if (cached && cached.schema === config.schema) return await check(await cached.ready);
		return await withTemporaryDatabase(config, check);
	} catch (error) {
		const described = toConnectionError(error, config);
		const message = described instanceof Error ? described.message : String(described);
		const hint =
			described instanceof InteractionLogError && described.details.hint
				? ` ${described.details.hint}`
				: '';
		return { ok: false, message: `${message}.${hint}` };
	}
}
