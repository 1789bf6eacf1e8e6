// Recording speed (issue 4): the Record Interaction node through n8n's WorkflowExecute against raw
// SQL baselines (COPY, unnest insert, multi-row VALUES, one autocommitted INSERT per row) on the
// same rows, in one process and one run; then a segment logged in one transaction against a raw
// INSERT … SELECT of the same rows. Options: --items N (10000), --lines N (100000), --runs N (3;
// each path's best run counts, the machine being shared), --skip-row-by-row.
import '../test/harness/env';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Knex } from 'knex';
import type { INode, INodeParameters } from 'n8n-workflow';

import { postgresConfigFromUrl, type ConnectionConfig } from '../lib/db/config';
import { closeAllDatabases, getDatabase } from '../lib/db/connection';
import { EFFECTIVE_SEGMENT_LINE_COLUMNS, EFFECTIVE_SEGMENT_LINE_FROM } from '../lib/segments';
import { RecordInteraction } from '../nodes/RecordInteraction/RecordInteraction.node';
import {
	closeHarness,
	errorOf,
	INPUT_NODE_TYPE,
	nodeTypesOf,
	outputOf,
	runWorkflow,
} from '../test/harness';
import { copyRows, rowByRow, unnestRows, valuesRows } from './record-baselines';
import {
	emptyLog,
	entryRowsOf,
	invoiceEvents,
	RECORDED_BY,
	seedInvoiceSetup,
	seedSegment,
	TIME_ZONE,
	type InvoiceEvent,
} from './record-data';
import { printTable, type Measurement } from './table';

const PACKAGE = 'n8n-nodes-interaction-log';
const NODE_TYPES = nodeTypesOf(PACKAGE, [RecordInteraction]);

function credentialOf(config: ConnectionConfig) {
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

/** Runs Record Interaction on `items` through WorkflowExecute; returns its output items. */
export async function runNodePath(
	config: ConnectionConfig,
	parameters: INodeParameters,
	items: object[],
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
			id: 'rec',
			name: 'Record',
			type: `${PACKAGE}.recordInteraction`,
			typeVersion: 1,
			position: [200, 0],
			parameters,
		},
	];
	const run = await runWorkflow(
		{ nodes, connections: { Input: { main: [[{ node: 'Record', type: 'main', index: 0 }]] } } },
		{
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(config) },
			timezone: TIME_ZONE,
		},
	);
	const error = errorOf(run);
	if (error) throw new Error(`Record Interaction failed: ${error.message}`);
	// n8n's own measure of the node's run: from its execute() call to its output, without the
	// input node and the workflow set-up around it.
	const executionTime = run.data.resultData.runData.Record?.[0]?.executionTime ?? NaN;
	return { items: outputOf(run, 'Record'), executionTime };
}

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

/** Peak heap and RSS while `work` runs, sampled every 5 ms. */
async function withPeakMemory<T>(work: () => Promise<T>) {
	const before = process.memoryUsage();
	let peakHeap = before.heapUsed;
	let peakRss = before.rss;
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		peakHeap = Math.max(peakHeap, now.heapUsed);
		peakRss = Math.max(peakRss, now.rss);
	}, 5);
	try {
		const result = await work();
		return { result, heapMb: (peakHeap - before.heapUsed) / 2 ** 20, rssMb: peakRss / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

async function timed(work: () => Promise<unknown>) {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

const autoMapParameters: INodeParameters = {
	target: 'documentEvent',
	inputMode: 'autoMap',
	options: { recordedBy: RECORDED_BY },
};

/** The events as items for Auto-Map Input Fields: named like the entry fields. */
const autoMapItems = (events: readonly InvoiceEvent[]) =>
	events.map((e) => ({
		documentKind: 'sales_invoice',
		documentNo: e.invoiceNo,
		relation: 'customer',
		externalNo: e.customerNo,
		occurredAt: e.at,
	}));

/** The best of `runs` timings of `work` (the machine is shared: the minimum is the least disturbed). */
async function best(runs: number, prepare: () => Promise<unknown>, work: () => Promise<number>) {
	let fastest = Infinity;
	for (let i = 0; i < runs; i++) {
		await prepare();
		fastest = Math.min(fastest, await work());
	}
	return fastest;
}

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
	// Warm-up: loads the node and its modules, fills the connection pool.
	await empty();
	await runNodePath(config, autoMapParameters, autoMapItems(invoiceEvents(200)));
	let memory = '';
	const first = await best(options.runs, empty, async () => {
		const run = await withPeakMemory(() => timedNode(config, autoMapParameters, items));
		const recorded = run.result.items.filter(
			(i) => i.json.recorded === true && i.json.duplicate === false,
		);
		if (recorded.length !== count)
			throw new Error(`expected ${count} recorded, got ${recorded.length}`);
		memory = `peak heap +${run.heapMb.toFixed(0)} MB, peak RSS ${run.rssMb.toFixed(0)} MB`;
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

const ENTRY_COLUMNS = `contact_no, contact_company_no, occurred_at, time_zone, template_code, group_code,
	description, subject, information_flow, initiated_by, correspondence_type, cost, duration_min,
	evaluation, attempt_failed, segment_no, salesperson_code, campaign_no, campaign_target,
	campaign_response, language_code, recorded_by`;

async function benchSegment(
	label: string,
	config: ConnectionConfig,
	db: Knex,
	lines: number,
	runs: number,
) {
	const effectiveRows = `select ${EFFECTIVE_SEGMENT_LINE_COLUMNS} from ${EFFECTIVE_SEGMENT_LINE_FROM} where l.segment_no = 'SEGBENCH'`;
	const freshSegment = async () => {
		await emptyLog(db);
		await db('segments').where({ segment_no: 'SEGBENCH' }).delete();
		await db('logged_segments').delete();
		await seedSegment(db, lines);
	};
	await freshSegment();
	await db.raw('drop table if exists bench_segment_rows');
	await db.raw(
		`create table bench_segment_rows as
		select e.contact_no, e.contact_company_no, now() as occurred_at, 'Europe/Berlin'::text as time_zone,
			e.template_code, e.group_code, e.description, e.subject, e.information_flow, e.initiated_by,
			e.correspondence_type, e.cost, e.duration_min, e.evaluation, e.attempt_failed, e.segment_no,
			e.salesperson_code, e.campaign_no, e.campaign_target, e.campaign_response, e.language_code,
			'bench'::text as recorded_by
		from (${effectiveRows}) e`,
	);
	const raw = await best(
		runs,
		() => emptyLog(db),
		() =>
			timed(() =>
				db.raw(
					`insert into interaction_log_entries (${ENTRY_COLUMNS}) select ${ENTRY_COLUMNS} from bench_segment_rows`,
				),
			),
	);
	const computed = await best(
		runs,
		() => emptyLog(db),
		() =>
			timed(() =>
				db.raw(`insert into interaction_log_entries (${ENTRY_COLUMNS})
			select e.contact_no, e.contact_company_no, now(), 'Europe/Berlin', e.template_code, e.group_code,
				e.description, e.subject, e.information_flow, e.initiated_by, e.correspondence_type, e.cost,
				e.duration_min, e.evaluation, e.attempt_failed, e.segment_no, e.salesperson_code, e.campaign_no,
				e.campaign_target, e.campaign_response, e.language_code, 'bench'
			from (${effectiveRows}) e`),
			),
	);
	let memory = '';
	const node = await best(runs, freshSegment, async () => {
		const run = await withPeakMemory(() => timedSegmentNode(config));
		memory = `peak heap +${run.heapMb.toFixed(0)} MB`;
		return run.result;
	});
	await db.raw('drop table bench_segment_rows');
	return [
		{
			backend: label,
			path: 'raw INSERT … SELECT from the segment (same values)',
			rows: lines,
			ms: computed,
			baseline: true,
			note: 'what one would write by hand: lines × segment × contact × template',
		},
		{
			backend: label,
			path: 'raw INSERT … SELECT of the rows precomputed',
			rows: lines,
			ms: raw,
			note: 'floor: the same rows copied from a table, nothing computed',
		},
		{
			backend: label,
			path: 'node, segment logged',
			rows: lines,
			ms: node,
			note: `checks, logged segment, entries, audit, ${lines} lines deleted; ${memory}`,
		},
	] satisfies Measurement[];
}

async function timedSegmentNode(config: ConnectionConfig) {
	const { items, executionTime } = await runNodePath(
		config,
		{
			target: 'segment',
			segmentNo: { __rl: true, mode: 'id', value: 'SEGBENCH' },
			options: { recordedBy: RECORDED_BY },
		},
		[{}],
	);
	if (items[0]?.json.entryCount === undefined)
		throw new Error(`segment not logged: ${JSON.stringify(items[0]?.json)}`);
	return executionTime;
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
	const pgUrl =
		process.env.INTERACTION_LOG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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
		results.push(...(await benchSegment('server', server, serverDb, lines, runs)));
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
