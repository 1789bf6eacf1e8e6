// Query speed (issue 6): the Query Log node through n8n's WorkflowExecute against hand-written SQL
// on a log of 1,000,000 entries and 10,000 contacts, in one process and one run, per backend.
// Median and p99 over --calls N calls (1000); the full scans the rollup replaces run --scan-calls
// N times (20). Options: --entries N (1000000), --backends pglite,postgres. PostgreSQL runs when
// INTERACTION_LOG_BENCH_PG_URL (or INTERACTION_LOG_TEST_PG_URL) is set, in its own schema.
// A second table: Return All over the whole log (issue 10), time and memory of raw SQL, the lib
// call and the node.
import '../test/harness/env';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { Knex } from 'knex';
import type { ICredentialDataDecryptedObject, INode, INodeParameters } from 'n8n-workflow';

import { postgresConfigFromUrl, type ConnectionConfig } from '../lib/db';
import { toConnectionConfig } from '../nodes/shared/connection';
import { closeAllDatabases, getDatabase } from '../lib/db';
import { listLogEntries, readLogQuery, type LogQueryInput } from '../lib/log';
import {
	contactSummaries,
	logStatistics,
	STATISTICS_GROUPINGS,
	type StatisticsGroupBy,
} from '../lib/statistics';
import { QueryLog } from '../nodes/QueryLog/QueryLog.node';
import { closeHarness, errorOf, INPUT_NODE_TYPE, nodeTypesOf, runWorkflow } from '../test/harness';
import { reachableServer } from './server';
import { buildLog, deepEntry, LARGE_CONTACT, RAW, samplePersons, TIME_ZONE } from './query-data';
import { appendAll } from '../lib/core';

const PACKAGE = 'n8n-nodes-interaction-log';
const NODE_TYPES = nodeTypesOf(PACKAGE, [QueryLog]);

// Every grouping the node offers over the whole log in Berlin, then ranges that cut buckets at
// both ends (a quarter past, a minute past) in zones whose days start at :30 and :45 past an hour.
const PARTIAL: readonly [string, string] = ['2025-03-10T14:07:00', '2026-08-20T09:13:00'];
const STATISTICS_ROWS: readonly {
	groupBy: StatisticsGroupBy;
	zone: string;
	range?: readonly [string, string];
}[] = [
	...STATISTICS_GROUPINGS.map((groupBy) => ({ groupBy, zone: TIME_ZONE })),
	{ groupBy: 'template', zone: TIME_ZONE, range: PARTIAL },
	{ groupBy: 'company', zone: TIME_ZONE, range: PARTIAL },
	{ groupBy: 'day', zone: 'Asia/Kolkata', range: PARTIAL },
	{ groupBy: 'week', zone: 'Asia/Kathmandu', range: PARTIAL },
	{ groupBy: 'month', zone: 'America/St_Johns', range: PARTIAL },
];

interface Options {
	readonly entries: number;
	readonly calls: number;
	readonly scanCalls: number;
	readonly backends: readonly string[];
}

function readOptions(args: readonly string[]): Options {
	const value = (name: string) => {
		const index = args.indexOf(`--${name}`);
		return index >= 0 ? args[index + 1] : undefined;
	};
	return {
		entries: Number(value('entries') ?? 1_000_000),
		calls: Number(value('calls') ?? 1000),
		scanCalls: Number(value('scan-calls') ?? 20),
		backends: (value('backends') ?? 'pglite,postgres').split(','),
	};
}

function credentialOf(config: ConnectionConfig): ICredentialDataDecryptedObject {
	if (config.kind === 'embedded')
		return { mode: 'embedded', dataDirectory: config.dataDirectory, schema: config.schema };
	return {
		mode: 'postgres',
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		schema: config.schema,
		maxConnections: config.maxConnections,
	};
}

/** One Query Log run through WorkflowExecute, behind an input node. */
async function runQueryLog(
	config: ConnectionConfig,
	parameters: INodeParameters,
	items: object[],
	timezone = TIME_ZONE,
	/** Called once the run ended, while its output is still held (to sample memory). */
	ended?: () => void,
) {
	const nodes: INode[] = [
		{
			id: 'in',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: 'q',
			name: 'Query',
			type: `${PACKAGE}.queryLog`,
			typeVersion: 1,
			position: [200, 0],
			parameters,
		},
	];
	const run = await runWorkflow(
		{ nodes, connections: { Input: { main: [[{ node: 'Query', type: 'main', index: 0 }]] } } },
		{
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(config) },
			timezone,
		},
	);
	const error = errorOf(run);
	if (error) throw new Error(`Query Log failed: ${error.message}`);
	ended?.();
	return { items: run.data.resultData.runData.Query[0].data?.main[0]?.length ?? 0 };
}

interface Stats {
	readonly median: number;
	readonly p99: number;
}

function statsOf(times: number[]): Stats {
	const sorted = [...times].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return { median: at(0.5), p99: at(0.99) };
}

async function timeRaw(calls: number, work: (call: number) => Promise<unknown>): Promise<Stats> {
	const times: number[] = [];
	for (let call = 0; call < Math.min(calls, 20); call++) await work(call); // warm-up
	for (let call = 0; call < calls; call++) {
		const start = performance.now();
		await work(call);
		times.push(performance.now() - start);
	}
	return statsOf(times);
}

const ms = (value: number) => value.toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function benchBackend(label: string, config: ConnectionConfig, options: Options) {
	const db: Knex = await getDatabase(config);
	// Using the Knex directly does not count as use for the cache's idle sweeper: touch it.
	const keepAlive = setInterval(() => void getDatabase(config), 30_000);
	try {
		return await measure(label, config, db, options);
	} finally {
		clearInterval(keepAlive);
	}
}

async function measure(label: string, config: ConnectionConfig, db: Knex, options: Options) {
	const buildStart = performance.now();
	await buildLog(db, options.entries);
	const buildSeconds = (performance.now() - buildStart) / 1000;
	const persons = await samplePersons(db, 100);
	const depth = Math.floor(options.entries / 20);
	const deep = await deepEntry(db, depth);
	const { calls, scanCalls } = options;
	const rows: string[] = [];
	const cell = (stats?: Stats) =>
		stats && Number.isFinite(stats.median) ? `${ms(stats.median)} / ${ms(stats.p99)}` : '';
	const row = (what: string, raw: Stats, lib?: Stats, node?: Stats, note = '') =>
		rows.push(
			`| ${label} | ${what} | ${cell(raw)} | ${cell(lib)} | ${cell(node)} | ${
				node && Number.isFinite(raw.median) ? ms(node.median - raw.median) : ''
			} | ${note} |`,
		);
	const node = (parameters: (call: number) => INodeParameters, items: object[] = [{}]) =>
		timeRaw(calls, async (call) => await runQueryLog(config, parameters(call), items));
	const person = (call: number) => persons[call % persons.length];
	const latest = (contactNo: string, afterEntryNo = 0): INodeParameters => ({
		operation: 'getMany',
		limit: 50,
		filters: { contactNo },
		options: afterEntryNo ? { afterEntryNo } : {},
	});
	const query = (input: LogQueryInput) => readLogQuery(input, TIME_ZONE);

	row(
		"a contact's latest 50",
		await timeRaw(calls, (c) => RAW.latest(db, person(c))),
		await timeRaw(calls, (c) => listLogEntries(db, query({ contactNo: person(c) }), { limit: 50 })),
		await node((c) => latest(person(c))),
	);
	const afterDeep = query({ contactNo: LARGE_CONTACT, afterEntryNo: deep.entryNo });
	row(
		`next page ${depth.toLocaleString('en')} deep in ${LARGE_CONTACT}`,
		await timeRaw(calls, () => RAW.nextPage(db, deep)),
		await timeRaw(calls, () => listLogEntries(db, afterDeep, { limit: 50 })),
		await node(() => latest(LARGE_CONTACT, deep.entryNo)),
	);
	for (const groupBy of ['template', 'month'] as const) {
		const scan = await timeRaw(scanCalls, () =>
			groupBy === 'template' ? RAW.templateScan(db) : RAW.monthScan(db),
		);
		row(`statistics by ${groupBy}: scan of the whole log (raw SQL)`, scan);
	}
	row(
		'statistics by template: rollup rows by month (raw SQL, no deltas)',
		await timeRaw(calls, () => RAW.templateRollup(db)),
	);
	for (const { groupBy, zone, range } of STATISTICS_ROWS) {
		const filters = range ? { dateFrom: range[0], dateTo: range[1] } : {};
		const groups = (await logStatistics(db, { groupBy, timeZone: zone, ...filters })).length;
		row(
			`statistics by ${groupBy}${range ? ` from ${range[0]} to ${range[1]}` : ''}, ${zone}: ${groups.toLocaleString('en')} groups`,
			{ median: NaN, p99: NaN },
			await timeRaw(calls, () => logStatistics(db, { groupBy, timeZone: zone, ...filters })),
			await timeRaw(calls, () =>
				runQueryLog(config, { operation: 'statistics', groupBy, ...filters }, [{}], zone),
			),
		);
	}
	row(
		'contact summary, 100 contacts (raw SQL: scan of their entries)',
		await timeRaw(calls, () => RAW.contactSummaryScan(db, persons)),
		await timeRaw(calls, () => contactSummaries(db, { contactNos: persons, timeZone: TIME_ZONE })),
		await node(
			() => ({
				operation: 'contactSummary',
				contactNo: { __rl: true, mode: 'id', value: '={{ $json.no }}' },
			}),
			persons.map((no) => ({ no })),
		),
	);

	const rawAll = await timeRaw(1, () => RAW.returnAll(db));
	const libAll = await timeRaw(1, () =>
		listLogEntries(db, query({ contactNo: LARGE_CONTACT }), { limit: null }),
	);
	const all = await footprint(
		db,
		async (sample) =>
			(
				await runQueryLog(
					config,
					{ operation: 'getMany', returnAll: true, filters: { contactNo: LARGE_CONTACT } },
					[{}],
					TIME_ZONE,
					sample,
				)
			).items,
	);
	row(
		`Return All: ${all.rows.toLocaleString('en')} entries of ${LARGE_CONTACT} (one run each)`,
		rawAll,
		libAll,
		{ median: all.ms, p99: all.ms },
		`node: heap +${mb(all.heapGrowth)} MB, RSS +${mb(all.rssGrowth)} MB`,
	);
	return { rows, buildSeconds, wholeLog: await measureWholeLog(label, config, db) };
}

// A full collection before each measured run, so that one run's garbage is not the next one's
// memory (the flag set at run time makes `gc` available in a new context).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Footprint {
	readonly rows: number;
	readonly ms: number;
	/** The process's RSS high-water (`process.resourceUsage().maxRSS`) before and after, bytes. */
	readonly maxRssBefore: number;
	readonly maxRssAfter: number;
	/** Growth over the run's start, sampled after each statement and at the end, bytes. */
	readonly rssGrowth: number;
	readonly heapGrowth: number;
}

/**
 * Time and memory of `work`, which returns how many rows it read (and drops them) and calls
 * `sample` while it still holds them. Memory is also sampled as each statement's result arrives
 * (Knex's query-response: on PGlite the pages resolve without a timer ever running) and every
 * 5 ms.
 */
async function footprint(
	db: Knex,
	work: (sample: () => void) => Promise<number>,
): Promise<Footprint> {
	collectGarbage();
	const start = process.memoryUsage();
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	let rssPeak = start.rss;
	let heapPeak = start.heapUsed;
	const sample = () => {
		const now = process.memoryUsage();
		rssPeak = Math.max(rssPeak, now.rss);
		heapPeak = Math.max(heapPeak, now.heapUsed);
	};
	const sampler = setInterval(sample, 5);
	db.on('query-response', sample);
	const began = performance.now();
	try {
		const rows = await work(sample);
		return {
			rows,
			ms: performance.now() - began,
			maxRssBefore,
			maxRssAfter: process.resourceUsage().maxRSS * 1024,
			rssGrowth: rssPeak - start.rss,
			heapGrowth: heapPeak - start.heapUsed,
		};
	} finally {
		clearInterval(sampler);
		db.removeListener('query-response', sample);
	}
}

/**
 * Return All over the whole log (postponed entries left out, canceled ones included): raw SQL
 * reading the same rows in keyset pages of 1,000 and keeping them, the lib call, and the node
 * through WorkflowExecute (the output items and n8n's run data).
 */
async function measureWholeLog(label: string, config: ConnectionConfig, db: Knex) {
	const raw = await footprint(db, async (sample) => {
		const rows: { entry_no: number; micros: number }[] = [];
		let after: { entryNo: number; micros: number } | null = null;
		for (;;) {
			const { rows: page } = await RAW.wholeLogPage(db, after);
			appendAll(rows, page);
			const last = page.at(-1);
			if (!last || page.length < 1000) {
				sample();
				return rows.length;
			}
			after = { entryNo: Number(last.entry_no), micros: Number(last.micros) };
		}
	});
	const everything = readLogQuery({ canceled: 'include' }, TIME_ZONE);
	const lib = await footprint(db, async (sample) => {
		const entries = await listLogEntries(db, everything, { limit: null });
		sample();
		return entries.length;
	});
	const node = await footprint(
		db,
		async (sample) =>
			(
				await runQueryLog(
					config,
					{ operation: 'getMany', returnAll: true, filters: { canceled: 'include' } },
					[{}],
					TIME_ZONE,
					sample,
				)
			).items,
	);
	const line = (path: string, f: Footprint) => {
		if (f.rows !== raw.rows) throw new Error(`${path} read ${f.rows} entries, raw SQL ${raw.rows}`);
		return `| ${label} | ${path} | ${f.rows.toLocaleString('en')} | ${(f.ms / 1000).toFixed(2)} | ${Math.round(
			(f.rows / f.ms) * 1000,
		).toLocaleString('en')} | ${(f.ms / raw.ms).toFixed(2)} | ${mb(f.maxRssBefore)} → ${mb(
			f.maxRssAfter,
		)} | ${mb(f.rssGrowth)} | ${mb(f.heapGrowth)} | ${raw.heapGrowth > 0 ? (f.heapGrowth / raw.heapGrowth).toFixed(2) : ''} |`;
	};
	return [
		line('raw SQL: keyset pages of 1,000, rows kept', raw),
		line('lib call (listLogEntries, limit null)', lib),
		line('node: Get Many, Return All (WorkflowExecute run)', node),
	];
}

/** Prints the table (milliseconds, median / p99; node overhead = node median − raw median). */
export async function run(args: string[]): Promise<void> {
	const options = readOptions(args);
	const directory = mkdtempSync(join(tmpdir(), 'interaction-log-bench-query-'));
	const url = options.backends.includes('postgres')
		? await reachableServer(
				process.env.INTERACTION_LOG_BENCH_PG_URL ?? process.env.INTERACTION_LOG_TEST_PG_URL,
				'query',
			)
		: undefined;
	const schema = `bench_query_${process.pid}`;
	const lines = [
		`Query Log on ${options.entries.toLocaleString('en')} entries, 10,000 contacts; ${options.calls} calls per path (scans: ${options.scanCalls}); ms median / p99`,
		'',
		'| backend | what | raw SQL | lib call | node (WorkflowExecute run) | node − raw (median) | note |',
		'|---|---|---:|---:|---:|---:|---|',
	];
	const builds: string[] = [];
	const wholeLog = [
		'',
		`Query Log Return All over the whole log (canceled entries included, postponed ones left out), one run each. Memory: the RSS high-water (process.resourceUsage().maxRSS) before → after, and the growth over the run's start sampled after each statement and at the end (RSS, JS heap)`,
		'',
		'| backend | path | entries | seconds | entries/s | × raw time | maxRSS before → after (MB) | RSS peak − start (MB) | heap peak − start (MB) | × raw heap |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	try {
		if (options.backends.includes('pglite')) {
			const config: ConnectionConfig = {
				kind: 'embedded',
				dataDirectory: directory,
				schema,
				autoMigrate: true,
			};
			const result = await benchBackend('pglite', config, options);
			appendAll(lines, result.rows);
			appendAll(wholeLog, result.wholeLog);
			builds.push(`pglite: log built in ${result.buildSeconds.toFixed(0)} s`);
			// Kept if a later backend fails.
			process.stderr.write(`${[...result.rows, ...result.wholeLog].join('\n')}\n`);
			await closeAllDatabases();
		}
		if (url && options.backends.includes('postgres')) {
			// The node's own config (from the credential): one pool, which the node's runs keep from
			// being destroyed as idle while the raw SQL paths use it.
			const config = toConnectionConfig(credentialOf(postgresConfigFromUrl(url, { schema })));
			try {
				const result = await benchBackend('postgres', config, options);
				appendAll(lines, result.rows);
				appendAll(wholeLog, result.wholeLog);
				builds.push(`postgres: log built in ${result.buildSeconds.toFixed(0)} s`);
			} finally {
				await (await getDatabase(config)).raw('drop schema if exists ?? cascade', [schema]);
			}
		}
	} finally {
		await closeAllDatabases();
		await closeHarness();
		rmSync(directory, { recursive: true, force: true });
	}
	process.stdout.write(`${[...lines, ...wholeLog, '', ...builds].join('\n')}\n`);
}
