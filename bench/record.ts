// Recording speed (issue 4): the Record Interaction node through n8n's WorkflowExecute against raw
// SQL baselines (COPY, unnest insert, multi-row VALUES, one autocommitted INSERT per row) on the
// same rows, in one process and one run; then a segment logged in one transaction against a raw
// INSERT … SELECT of the same rows; then writers at once. Options: --items N (10000), --lines N
// (100000), --runs N (3; each path's best run counts, the machine being shared),
// --skip-row-by-row, --writers N (8) and --executions N (500 per writer).
import '../test/harness/env';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Knex } from 'knex';
import type { INodeParameters } from 'n8n-workflow';

import { postgresConfigFromUrl, type ConnectionConfig } from '../lib/db';
import { closeAllDatabases, getDatabase } from '../lib/db';
import { closeHarness } from '../test/harness';
import { copyRows, rowByRow, unnestRows, valuesRows } from './record-baselines';
import {
	autoMapItems,
	autoMapParameters,
	emptyLog,
	entryRowsOf,
	invoiceEvents,
	RECORDED_BY,
	seedInvoiceSetup,
} from './record-data';
import { best, runNodePath, withPeakMemory } from './record-node';
import { benchConcurrency } from './record-concurrency';
import { benchSegment } from './record-segment';
import { reachableServer } from './server';
import { printTable, type Measurement } from './table';
import { appendAll } from '../lib/core';

export const documentEventParameters: INodeParameters = {
	target: 'documentEvent',
	documentKind: { __rl: true, mode: 'id', value: 'sales_invoice' },
	documentNo: '={{ $json.invoiceNo }}',
	findContactBy: 'businessRelation',
	relation: 'customer',
	externalNo: '={{ $json.customerNo }}',
	additionalFields: { occurredAt: '={{ $json.at }}' },
	options: { recordedBy: RECORDED_BY },
};

async function benchDocumentEvents(
	label: string,
	config: ConnectionConfig,
	db: Knex,
	count: number,
	options: { pgUrl?: string; rowByRow: boolean; runs: number },
) {
	const results: Measurement[] = [];
	const events = invoiceEvents(count);
	const rows = await entryRowsOf(db, events);
	const empty = () => emptyLog(db);
	const baselines: [string, () => Promise<number>][] = [
		['COPY', () => copyRows(db, options.pgUrl, config.schema, rows)],
		[
			'COPY, statistics upkeep off',
			() => copyRows(db, options.pgUrl, config.schema, rows, { upkeep: false }),
		],
		['unnest insert', () => unnestRows(db, rows)],
		['multi-row VALUES', () => valuesRows(db, rows)],
	];
	for (const [name, write] of baselines) {
		results.push({
			backend: label,
			path: name,
			rows: count,
			ms: await best(options.runs, empty, write),
		});
	}
	if (options.rowByRow) {
		results.push({
			backend: label,
			path: 'INSERT per row, autocommit',
			rows: count,
			ms: await best(1, empty, () => rowByRow(db, rows)),
		});
	}
	const items = autoMapItems(events);
	// Warm-up, one full run: loads the node and its modules, fills the connection pool, and lets V8
	// optimize the per-item code, as in an n8n that has been running (a first run of 10,000 items
	// in a fresh process takes about 1.6 x as long).
	await empty();
	await runNodePath(config, autoMapParameters, items);
	let memory = '';
	const first = await best(options.runs, empty, async () => {
		const run = await withPeakMemory(() => timedNode(config, autoMapParameters, items));
		const recorded = run.result.items.filter(
			(i) => i.json.recorded === true && i.json.duplicate === false,
		);
		if (recorded.length !== count)
			throw new Error(`expected ${count} recorded, got ${recorded.length}`);
		memory =
			`peak heap +${run.heapMb.toFixed(0)} MB, ` +
			`peak RSS ${run.rssMb.toFixed(0)} MB (+${run.rssGrowthMb.toFixed(0)} MB in the run)`;
		return run.result.ms;
	});
	results.push({
		backend: label,
		path: 'node (Auto-Map Input Fields)',
		rows: count,
		ms: first,
		note: memory,
	});
	const again = await best(
		options.runs,
		async () => {},
		async () => {
			const run = await timedNode(config, autoMapParameters, items);
			if (!run.items.every((i) => i.json.duplicate === true))
				throw new Error('expected only duplicates');
			return run.ms;
		},
	);
	results.push({ backend: label, path: 'node (Auto-Map), all duplicates', rows: count, ms: again });
	const expressions = await best(
		options.runs,
		empty,
		async () => (await timedNode(config, documentEventParameters, events)).ms,
	);
	results.push({
		backend: label,
		path: 'node (Define Below, 3 expressions per item)',
		rows: count,
		ms: expressions,
	});
	return results;
}

async function timedNode(config: ConnectionConfig, parameters: INodeParameters, items: object[]) {
	const output = await runNodePath(config, parameters, items);
	return { items: output.items, ms: output.executionTime };
}

function option(args: string[], name: string, fallback: number) {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? Number(args[at + 1]) : fallback;
}

export async function run(args: string[]): Promise<void> {
	const count = option(args, 'items', 10_000);
	const lines = option(args, 'lines', 100_000);
	const rowByRowToo = !args.includes('--skip-row-by-row');
	const runs = option(args, 'runs', 3);
	const concurrency = {
		writers: option(args, 'writers', 8),
		executions: option(args, 'executions', 500),
	};
	const pgUrl = await reachableServer(
		process.env.INTERACTION_LOG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
		'record',
	);
	const results: Measurement[] = [];
	const schema = `bench_record_${process.pid}`;
	const server = postgresConfigFromUrl(pgUrl, { schema, autoMigrate: true, maxConnections: 4 });
	const serverDb = await getDatabase(server);
	try {
		await seedInvoiceSetup(serverDb);
		results.push(
			...(await benchDocumentEvents('server', server, serverDb, count, {
				pgUrl,
				rowByRow: rowByRowToo,
				runs,
			})),
		);
		appendAll(results, await benchSegment('server', server, serverDb, lines, runs));
		appendAll(results, await benchConcurrency(server, serverDb, concurrency));
	} finally {
		await serverDb.raw('drop schema if exists ?? cascade', [schema]);
		await closeAllDatabases();
	}
	const directory = mkdtempSync(join(tmpdir(), 'interaction-log-bench-'));
	const embedded: ConnectionConfig = {
		kind: 'embedded',
		dataDirectory: directory,
		schema: 'interaction_log',
		autoMigrate: true,
	};
	try {
		const db = await getDatabase(embedded);
		await seedInvoiceSetup(db);
		results.push(
			...(await benchDocumentEvents('pglite', embedded, db, count, {
				rowByRow: rowByRowToo,
				runs,
			})),
		);
	} finally {
		await closeAllDatabases();
		rmSync(directory, { recursive: true, force: true });
		await closeHarness();
	}
	printTable(results);
}
