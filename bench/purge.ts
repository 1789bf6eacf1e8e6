// Purge speed (issue 5): the Purge Canceled node (batched, through n8n's WorkflowExecute) against
// one plain `DELETE … WHERE canceled` of the same rows on an identical copy, in one run; while
// each runs, Record Interaction records one entry at a time on another connection, and the worst
// wait is printed. Median of --repeat runs. Options: --rows N (2,000,000 on the server, 200,000 on
// PGlite), --batch N (5,000), --repeat N (3), --backend server|pglite|both (server),
// --pg-url URL (INTERACTION_LOG_BENCH_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres):
// a scratch database is created there and dropped afterwards.
import { reachableServer } from './server';
import '../test/harness/env';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import knex, { type Knex } from 'knex';

import type { ConnectionConfig } from '../lib/db';
import { closeAllDatabases, createKnex, getDatabase } from '../lib/db';
import { recordContactInteractions } from '../lib/record';
import { PurgeCanceled } from '../nodes/PurgeCanceled/PurgeCanceled.node';
import { toConnectionConfig } from '../nodes/shared/connection';
import {
	closeHarness,
	errorOf,
	INPUT_NODE_TYPE,
	nodeTypesOf,
	outputOf,
	runWorkflow,
} from '../test/harness';
import { LIVE_CONTACT, LIVE_TEMPLATE, seedLog, seedSetup } from './purge-data';

const PACKAGE = 'n8n-nodes-interaction-log';
const NODE_TYPES = nodeTypesOf(PACKAGE, [PurgeCanceled]);

interface Options {
	readonly rows: number | undefined;
	readonly batchSize: number;
	readonly repeat: number;
	readonly backends: readonly ('server' | 'pglite')[];
	readonly pgUrl: string;
}

interface Sample {
	readonly path: string;
	readonly deleted: number;
	readonly ms: number;
	readonly statements: number;
	readonly longestMs: number;
	readonly inserts: number;
	readonly worstInsertMs: number;
}

function readOptions(args: readonly string[]): Options {
	const value = (name: string) => {
		const index = args.indexOf(`--${name}`);
		return index >= 0 ? args[index + 1] : undefined;
	};
	const backend = value('backend') ?? 'server';
	return {
		rows: value('rows') ? Number(value('rows')) : undefined,
		batchSize: Number(value('batch') ?? 5000),
		repeat: Number(value('repeat') ?? 3),
		backends: backend === 'both' ? ['server', 'pglite'] : [backend as 'server' | 'pglite'],
		pgUrl:
			value('pg-url') ??
			process.env.INTERACTION_LOG_BENCH_PG_URL ??
			'postgres://postgres@127.0.0.1:5432/postgres',
	};
}

interface QueryEvent {
	readonly __knexQueryUid: string;
	readonly sql: string;
}

/**
 * Times the statements about canceled entries the Knex runs (client side: sent → result): the
 * purge's. On PGlite Record Interaction shares the one connection; its statements are left out.
 */
function statementTimer(db: Knex) {
	const started = new Map<string, number>();
	const durations: number[] = [];
	const slowest: { ms: number; sql: string }[] = [];
	const sqlOf = new Map<string, string>();
	const onQuery = (query: QueryEvent) => {
		if (!/\bcanceled\b/.test(query.sql)) return;
		started.set(query.__knexQueryUid, performance.now());
		sqlOf.set(query.__knexQueryUid, query.sql.replace(/\s+/g, ' ').slice(0, 90));
	};
	const onDone = (_response: unknown, query: QueryEvent) => {
		const start = started.get(query.__knexQueryUid);
		if (start !== undefined) {
			const ms = performance.now() - start;
			durations.push(ms);
			slowest.push({ ms, sql: sqlOf.get(query.__knexQueryUid) ?? '' });
			slowest.sort((a, b) => b.ms - a.ms).splice(3);
		}
		started.delete(query.__knexQueryUid);
	};
	db.on('query', onQuery).on('query-response', onDone).on('query-error', onDone);
	return {
		durations,
		slowest,
		stop() {
			db.removeListener('query', onQuery);
			db.removeListener('query-response', onDone);
			db.removeListener('query-error', onDone);
		},
	};
}

/** Records one interaction at a time on `db` until stopped; keeps each call's latency. */
function liveRecorder(db: Knex) {
	const latencies: number[] = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const started = performance.now();
			await recordContactInteractions(
				db,
				[{ contactNo: LIVE_CONTACT, templateCode: LIVE_TEMPLATE, description: 'During purge' }],
				{ timeZone: 'UTC' },
			);
			latencies.push(performance.now() - started);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			return latencies;
		},
	};
}

async function runPurgeNode(
	credential: Credential,
	batchSize: number,
	filters: Record<string, number> = {},
): Promise<number> {
	const run = await runWorkflow(
		{
			nodes: [
				{
					id: 'in',
					name: 'Input',
					type: INPUT_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { items: '[{}]' },
				},
				{
					id: 'purge',
					name: 'Purge',
					type: `${PACKAGE}.purgeCanceled`,
					typeVersion: 1,
					position: [200, 0],
					parameters: {
						batchSize,
						maxRows: 10_000_000,
						dryRun: Object.keys(filters).length > 0,
						filters,
						options: { actor: 'bench' },
					},
				},
			],
			connections: { Input: { main: [[{ node: 'Purge', type: 'main', index: 0 }]] } },
		},
		{
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credential },
		},
	);
	const error = errorOf(run);
	if (error) throw new Error(`Purge Canceled failed: ${error.message}`);
	return Number(outputOf(run, 'Purge')[0].json.deleted ?? 0);
}

type Credential = Record<string, string | number | boolean>;

/** Appends `count` per-entry 'purged' events, `batchSize` per statement. */
async function insertEntryEvents(db: Knex, count: number, batchSize: number): Promise<number> {
	for (let from = 1; from <= count; from += batchSize) {
		await db.raw(
			`insert into interaction_log_events (event_type, entry_no, actor, details) -- canceled
			select 'purged', g, 'bench', '{"run": 1}'::jsonb from generate_series(?::bigint, ?::bigint) g`,
			[from, Math.min(count, from + batchSize - 1)],
		);
	}
	return count;
}

/** Runs `purge` while Record Interaction writes on `liveDb`; times it and its statements. */
async function measure(path: string, db: Knex, liveDb: Knex, purge: () => Promise<number>) {
	await liveRecorder(liveDb).stop(); // warm-up: one entry, the connection opened
	const timer = statementTimer(db);
	const recorder = liveRecorder(liveDb);
	const started = performance.now();
	let deleted: number;
	let ms: number;
	try {
		deleted = await purge();
		ms = performance.now() - started;
	} finally {
		timer.stop();
		await recorder.stop().catch(() => undefined);
	}
	const latencies = await recorder.stop();
	const statements = timer.durations;
	if (process.env.BENCH_VERBOSE) {
		for (const { ms, sql } of timer.slowest) console.log(`  ${path}: ${ms.toFixed(0)} ms ${sql}`);
	}
	return {
		path,
		deleted,
		ms,
		statements: statements.length,
		longestMs: Math.max(0, ...statements),
		inserts: latencies.length,
		worstInsertMs: Math.max(0, ...latencies),
	} satisfies Sample;
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Migrates and seeds one copy. On the server it writes through its own Knex, which the
 * connection cache cannot drop halfway through a long seed.
 */
async function seedCopy(config: ConnectionConfig, rows: number): Promise<number> {
	await getDatabase(config);
	const db = config.kind === 'postgres' ? await createKnex(config) : await getDatabase(config);
	try {
		await seedSetup(db);
		return await seedLog(db, rows);
	} finally {
		if (config.kind === 'postgres') await db.destroy();
	}
}

async function benchBackend(
	label: string,
	credentials: () => [Credential, Credential],
	rows: number,
	options: Options,
) {
	const samples: Sample[] = [];
	for (let round = 1; round <= options.repeat; round++) {
		const [plainCredential, nodeCredential] = credentials();
		const plainConfig = toConnectionConfig(plainCredential);
		const nodeConfig = toConnectionConfig(nodeCredential);
		const canceled = [await seedCopy(plainConfig, rows), await seedCopy(nodeConfig, rows)];
		if (canceled[0] !== canceled[1]) throw new Error(`copies differ: ${canceled.join(' vs ')}`);
		// Fetched right before use: the connection cache drops instances idle for five minutes.
		const plainDb = await getDatabase(plainConfig);
		const nodeDb = await getDatabase(nodeConfig);
		const live = async (config: ConnectionConfig, db: Knex) =>
			config.kind === 'postgres' ? await createKnex({ ...config, maxConnections: 2 }) : db;
		const plainLive = await live(plainConfig, plainDb);
		const nodeLive = await live(nodeConfig, nodeDb);
		// Warm-up: loads the node and opens its pool with a dry run that matches nothing.
		await runPurgeNode({ ...nodeCredential }, options.batchSize, { entryNoFrom: 1e12 });
		samples.push(
			await measure('one DELETE … WHERE canceled (baseline)', plainDb, plainLive, async () =>
				Number((await plainDb.raw('delete from interaction_log_entries where canceled')).rowCount),
			),
			await measure(`Purge Canceled node, batch ${options.batchSize}`, nodeDb, nodeLive, () =>
				runPurgeNode(nodeCredential, options.batchSize),
			),
			// The design not taken: what one audit event per purged entry would add to a run.
			await measure('extra: one audit event per purged entry', nodeDb, nodeLive, () =>
				insertEntryEvents(nodeDb, canceled[0], options.batchSize),
			),
		);
		if (plainLive !== plainDb) await plainLive.destroy();
		if (nodeLive !== nodeDb) await nodeLive.destroy();
		await closeAllDatabases();
		const [baseline, node] = samples.slice(-3);
		console.log(
			`${label} round ${round}: ${rows.toLocaleString('en-US')} entries, ${canceled[0].toLocaleString('en-US')} canceled; ` +
				`baseline ${baseline.ms.toFixed(0)} ms, node ${node.ms.toFixed(0)} ms (× ${(node.ms / baseline.ms).toFixed(2)}), ` +
				`longest node statement ${node.longestMs.toFixed(0)} ms, worst insert ${node.worstInsertMs.toFixed(0)} ms`,
		);
	}
	return summarize(label, rows, samples);
}

function summarize(label: string, rows: number, samples: readonly Sample[]) {
	const paths = [...new Set(samples.map((s) => s.path))];
	const medians = paths.map((path) => {
		const of = samples.filter((s) => s.path === path);
		const pick = (key: keyof Omit<Sample, 'path'>) => median(of.map((s) => s[key]));
		return {
			path,
			deleted: pick('deleted'),
			ms: pick('ms'),
			statements: pick('statements'),
			longestMs: pick('longestMs'),
			inserts: pick('inserts'),
			worstInsertMs: pick('worstInsertMs'),
		};
	});
	const baseline = medians[0];
	return medians.map((m) => ({
		backend: label,
		entries: rows.toLocaleString('en-US'),
		path: m.path,
		deleted: m.deleted.toLocaleString('en-US'),
		'total s': (m.ms / 1000).toFixed(2),
		'rows/s': Math.round((m.deleted / m.ms) * 1000).toLocaleString('en-US'),
		'× baseline time': (m.ms / baseline.ms).toFixed(2),
		statements: m.statements || 1,
		'longest statement ms': Math.round(m.longestMs || m.ms),
		'inserts meanwhile': m.inserts,
		'worst insert ms': Math.round(m.worstInsertMs),
	}));
}

function serverCredentials(adminUrl: string, database: string) {
	const url = new URL(adminUrl);
	let round = 0;
	return (): [Credential, Credential] => {
		round += 1;
		const credential = (schema: string): Credential => ({
			mode: 'postgres',
			host: url.hostname,
			port: Number(url.port || 5432),
			database,
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
			schema,
		});
		return [credential(`bench_plain_${round}`), credential(`bench_node_${round}`)];
	};
}

function pgliteCredentials(directories: string[]) {
	return (): [Credential, Credential] => {
		const credential = (name: string): Credential => {
			const dataDirectory = mkdtempSync(join(tmpdir(), `interaction-log-bench-${name}-`));
			directories.push(dataDirectory);
			return { mode: 'embedded', dataDirectory, schema: 'interaction_log' };
		};
		return [credential('plain'), credential('node')];
	};
}

export async function run(args: readonly string[]): Promise<void> {
	const options = readOptions(args);
	if (options.backends.includes('server')) await reachableServer(options.pgUrl, 'purge');
	const results: ReturnType<typeof summarize> = [];
	const database = `interaction_log_bench_${process.pid}`;
	const admin = knex({ client: 'pg', connection: options.pgUrl, pool: { min: 0, max: 1 } });
	const directories: string[] = [];
	try {
		if (options.backends.includes('server')) {
			await admin.raw('create database ??', [database]);
			const rows = options.rows ?? 2_000_000;
			results.push(
				...(await benchBackend(
					'server',
					serverCredentials(options.pgUrl, database),
					rows,
					options,
				)),
			);
		}
		if (options.backends.includes('pglite')) {
			const rows = options.rows ?? 200_000;
			results.push(
				...(await benchBackend('pglite', pgliteCredentials(directories), rows, options)),
			);
		}
		console.table(results);
	} finally {
		await closeAllDatabases();
		await closeHarness();
		if (options.backends.includes('server')) {
			await admin.raw('drop database if exists ?? with (force)', [database]);
		}
		await admin.destroy();
		for (const directory of directories) rmSync(directory, { recursive: true, force: true });
	}
}
