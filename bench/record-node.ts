import '../test/harness/env';

import type { INode, INodeParameters } from 'n8n-workflow';

import type { ConnectionConfig } from '../lib/db';
import { RecordInteraction } from '../nodes/RecordInteraction/RecordInteraction.node';
import { errorOf, INPUT_NODE_TYPE, nodeTypesOf, outputOf, runWorkflow } from '../test/harness';
import { TIME_ZONE } from './record-data';

// Running Record Interaction through n8n's WorkflowExecute, and timing, for the record benchmark.

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

/** Peak heap and RSS while `work` runs, sampled every 5 ms. */
export async function withPeakMemory<T>(work: () => Promise<T>) {
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
		return {
			result,
			heapMb: (peakHeap - before.heapUsed) / 2 ** 20,
			rssMb: peakRss / 2 ** 20,
			// What the run added: PGlite's WebAssembly memory never shrinks, so the peak also holds
			// what earlier work in the process (initdb, the baselines) left there.
			rssGrowthMb: (peakRss - before.rss) / 2 ** 20,
		};
	} finally {
		clearInterval(timer);
	}
}

export async function timed(work: () => Promise<unknown>) {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/** The best of `runs` timings of `work` (the machine is shared: the minimum is the least disturbed). */
export async function best(
	runs: number,
	prepare: () => Promise<unknown>,
	work: () => Promise<number>,
) {
	let fastest = Infinity;
	for (let i = 0; i < runs; i++) {
		await prepare();
		fastest = Math.min(fastest, await work());
	}
	return fastest;
}
