import type { Knex } from 'knex';

import type { PostgresConfig } from '../lib/db';
import { autoMapItems, autoMapParameters, emptyLog, invoiceEvents } from './record-data';
import { runNodePath } from './record-node';
import type { Measurement } from './table';

// Writers at once (server only): `writers` loops, each running `executions` Record Interaction
// executions of one document event, every event in the same month, with the statistics upkeep
// (the statement triggers) on and then off. Lock waits of the writers' sessions are sampled
// every 5 ms: with sums kept in the writer's transaction they would wait for each other on the
// month's sum rows.

const INSERT_TRIGGER = 'interaction_log_rollup_after_insert';

// Ungranted locks of the package's sessions on this database (the writers and nothing else), but
// not the relation extension lock that concurrent inserts take whenever a table grows.
const LOCK_WAITS = `select count(*) as waits from pg_locks l
	join pg_stat_activity a on a.pid = l.pid
	where not l.granted and l.locktype <> 'extend' and a.datname = current_database()
		and a.application_name = 'n8n-nodes-interaction-log'`;

async function writeAtOnce(config: PostgresConfig, db: Knex, writers: number, executions: number) {
	const events = invoiceEvents(writers * executions);
	let waits = 0;
	let samples = 0;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			const { rows } = await db.raw<{ rows: { waits: string }[] }>(LOCK_WAITS);
			waits += Number(rows[0].waits);
			samples += 1;
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	})();
	const started = performance.now();
	await Promise.all(
		Array.from({ length: writers }, async (_w, writer) => {
			for (let i = 0; i < executions; i++) {
				const event = events[i * writers + writer];
				const { items } = await runNodePath(config, autoMapParameters, autoMapItems([event]));
				if (items[0]?.json.recorded !== true) {
					throw new Error(`not recorded: ${JSON.stringify(items[0]?.json)}`);
				}
			}
		}),
	);
	const ms = performance.now() - started;
	sampling = false;
	await sampler;
	return { ms, waits, samples };
}

export async function benchConcurrency(
	server: PostgresConfig,
	serverDb: Knex,
	{ writers, executions }: { writers: number; executions: number },
): Promise<Measurement[]> {
	// A pool with a connection per writer, shared by the node runs (the credential's own).
	const config = { ...server, maxConnections: writers + 1 };
	const rows = writers * executions;
	const path = (upkeep: string) =>
		`${writers} writers × ${executions} single-event executions, same month, ${upkeep}`;
	await emptyLog(serverDb);
	await runNodePath(config, autoMapParameters, autoMapItems(invoiceEvents(writers)));
	await emptyLog(serverDb);
	const on = await writeAtOnce(config, serverDb, writers, executions);
	await emptyLog(serverDb);
	await serverDb.raw(`alter table interaction_log_entries disable trigger ${INSERT_TRIGGER}`);
	let off: Awaited<ReturnType<typeof writeAtOnce>>;
	try {
		off = await writeAtOnce(config, serverDb, writers, executions);
	} finally {
		await serverDb.raw(`alter table interaction_log_entries enable trigger ${INSERT_TRIGGER}`);
		await emptyLog(serverDb);
	}
	const note = (run: typeof on) => `lock waits sampled: ${run.waits} in ${run.samples} samples`;
	return [
		{
			backend: 'server',
			path: path('upkeep off'),
			rows,
			ms: off.ms,
			baseline: true,
			note: note(off),
		},
		{ backend: 'server', path: path('upkeep on'), rows, ms: on.ms, note: note(on) },
	];
}
