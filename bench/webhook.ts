// `npm run bench -- webhook [--events 10000] [--concurrency 32] [--modes queue,regular]
//   [--variants noop,postgres,record] [--workers 2] [--no-crash] [--n8n 2.41.1]`
//
// A real n8n takes "invoice sent" webhooks from a sender that behaves like a billing system
// (deliveries in flight at once, every non-2xx answer retried with backoff, 20% of the events
// delivered twice with the same event id). Three workflows side by side in the same run and
// setup: (a) a No-Op where Record Interaction is, (b) n8n's Postgres node inserting the same row
// into a plain table, (c) Record Interaction; in queue mode (main, workers, webhook processor,
// one worker SIGKILLed mid-run and restarted) and in regular mode (one process). Then where the
// time of (c) goes: the answer, n8n's execution, the node, the node's work without n8n.
//
// Needs PostgreSQL (INTERACTION_LOG_BENCH_PG_URL or INTERACTION_LOG_TEST_PG_URL, a database the
// bench may create databases next to) and Redis at 127.0.0.1:6379.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	closeAllDatabases,
	getDatabase,
	postgresConfigFromUrl,
	withTemporaryDatabase,
	type PostgresConfig,
} from '../lib/db';
import { recordDocumentEvents } from '../lib/record';
import { checkRollup } from '../lib/statistics';
import { loadExamples } from '../scripts/real-n8n/examples';
import { invoiceStream, type InvoiceEvent } from '../scripts/real-n8n/invoice-stream';
import {
	startLogInstance,
	type ExecutionsMode,
	type LogInstance,
} from '../scripts/real-n8n/log-instance';
import { packPackage } from '../scripts/real-n8n/package-install';
import { REPO_ROOT } from '../scripts/real-n8n/paths';
import { n8nRuntime, QUEUE_N8N_VERSION } from '../scripts/real-n8n/queue-runtime';
import { DEFAULT_TIMEZONE } from '../scripts/real-n8n/server';
import { quantile, runWebhookLoad, type WebhookLoadResult } from '../scripts/real-n8n/webhook-load';
import {
	PLAIN_TABLE,
	PLAIN_TABLE_DDL,
	VARIANT_LABELS,
	VARIANTS,
	variantPath,
	variantWorkflow,
	type Variant,
} from './webhook-workflows';

interface Options {
	readonly events: number;
	readonly redelivered: number;
	readonly concurrency: number;
	readonly workers: number;
	readonly modes: readonly ExecutionsMode[];
	readonly variants: readonly Variant[];
	readonly crash: boolean;
	readonly n8n: string;
	readonly warmUp: number;
	readonly profileSample: number;
}

function parse(args: string[]): Options {
	const value = (name: string) => {
		const index = args.indexOf(`--${name}`);
		return index === -1 ? undefined : args[index + 1];
	};
	return {
		events: Number(value('events') ?? 10_000),
		redelivered: Number(value('redelivered') ?? 0.2),
		concurrency: Number(value('concurrency') ?? 32),
		workers: Number(value('workers') ?? 2),
		modes: (value('modes') ?? 'queue,regular').split(',') as ExecutionsMode[],
		variants: (value('variants') ?? VARIANTS.join(',')).split(',') as Variant[],
		crash: !args.includes('--no-crash'),
		n8n: value('n8n') ?? QUEUE_N8N_VERSION,
		warmUp: Number(value('warm-up') ?? 200),
		profileSample: Number(value('profile-sample') ?? 200),
	};
}

interface Row {
	readonly mode: ExecutionsMode;
	readonly variant: Variant;
	readonly load: WebhookLoadResult;
	readonly stored: number;
	readonly crashed: boolean;
}

const log = (line = '') => console.log(line);

function serverUrl(): string {
	const url = process.env.INTERACTION_LOG_BENCH_PG_URL ?? process.env.INTERACTION_LOG_TEST_PG_URL;
	if (!url) {
		throw new Error(
			'Set INTERACTION_LOG_BENCH_PG_URL (or INTERACTION_LOG_TEST_PG_URL) to a PostgreSQL database',
		);
	}
	return url;
}

function databaseName(url: string, suffix: string): string {
	const base = decodeURIComponent(new URL(url).pathname.slice(1)).slice(0, 40);
	return `${base}_${suffix}_${randomBytes(3).toString('hex')}`;
}

/** Rows the run left in the log (c) or in the plain table (b), counted per variant's events. */
async function storedCount(config: PostgresConfig, variant: Variant, runId: string) {
	return await withTemporaryDatabase(config, async (db) => {
		if (variant === 'noop') return 0;
		const [table, key] =
			variant === 'record'
				? ['interaction_log_entries', 'idempotency_key']
				: [PLAIN_TABLE, 'event_id'];
		const { rows } = await db.raw<{ rows: { count: number }[] }>(
			`select count(*)::int as count from ${table} where ${key} like ?`,
			[`evt_${runId}_%`],
		);
		return rows[0].count;
	});
}

async function loadOnce(
	n8n: LogInstance,
	variant: Variant,
	deliveries: readonly InvoiceEvent[],
	concurrency: number,
	crashAt: number | undefined,
) {
	let crash: Promise<void> | undefined;
	const load = await runWebhookLoad({
		url: n8n.webhookUrl(variantPath(variant)),
		deliveries,
		concurrency,
		maxAttempts: 10,
		firstBackoffMs: 500,
		maxBackoffMs: 8_000,
		requestTimeoutMs: 60_000,
		deadlineMs: 60 * 60_000,
		onDelivered: (done) => {
			if (done !== crashAt || !n8n.queue) return;
			const queue = n8n.queue;
			crash = (async () => {
				await queue.crashWorker(0);
				await queue.restartWorker(0);
			})();
		},
	});
	await crash;
	return { load, crashed: crash !== undefined };
}

/** Where the time of (c) goes, from n8n's own records of a sample of its executions. */
async function profileExecutions(n8n: LogInstance, sample: number) {
	const workflow = n8n.workflows.get('invoice-sent-webhook.json');
	if (!workflow) return undefined;
	const ids = (await n8n.client.executionIds(workflow.id)).slice(0, sample);
	const durations: number[] = [];
	const nodeTimes = new Map<string, number[]>();
	for (const id of ids) {
		const execution = (await n8n.client.getExecution(id)) as unknown as {
			startedAt: string;
			stoppedAt: string;
			data: { resultData: { runData: Record<string, { executionTime: number }[]> } };
		};
		durations.push(Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
		for (const [node, runs] of Object.entries(execution.data.resultData.runData)) {
			const times = nodeTimes.get(node) ?? [];
			times.push(runs.reduce((sum, run) => sum + run.executionTime, 0));
			nodeTimes.set(node, times);
		}
	}
	const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
	return {
		executions: ids.length,
		durationP50: quantile(sorted(durations), 0.5),
		nodes: [...nodeTimes].map(([node, times]) => ({
			node,
			p50: quantile(sorted(times), 0.5),
			mean: times.reduce((a, b) => a + b, 0) / times.length,
		})),
	};
}

/** The node's work without n8n: the library call Record Interaction makes, per event, same pool size. */
async function profileLibrary(
	config: PostgresConfig,
	events: readonly InvoiceEvent[],
	concurrency: number,
) {
	const db = await getDatabase(config);
	const times: number[] = [];
	let next = 0;
	const started = Date.now();
	const one = async () => {
		while (next < events.length) {
			const event = events[next++];
			const begun = performance.now();
			await recordDocumentEvents(
				db,
				[
					{
						documentKind: 'sales_invoice',
						documentNo: event.invoiceNo,
						relation: 'customer',
						externalNo: event.customerNo,
						newContact: {
							contactNo: `CU-${event.customerNo}`,
							name: event.customerName,
							email: event.customerEmail,
							type: 'company',
						},
						occurredAt: event.sentAt,
						description: `Invoice ${event.invoiceNo} sent`,
						salespersonCode: event.salesperson,
						idempotencyKey: event.eventId,
						recordedBy: 'billing webhook',
					},
				],
				{ timeZone: DEFAULT_TIMEZONE, unknownContact: 'create' },
			);
			times.push(performance.now() - begun);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, one));
	const seconds = (Date.now() - started) / 1000;
	times.sort((a, b) => a - b);
	return {
		perSecond: events.length / seconds,
		p50: quantile(times, 0.5),
		p99: quantile(times, 0.99),
	};
}

function formatStatuses(byStatus: Readonly<Record<string, number>>): string {
	return Object.entries(byStatus)
		.map(([status, count]) => `${status}: ${count}`)
		.join(', ');
}

function printTable(rows: readonly Row[]) {
	const rate = (row: Row) => row.load.deliveries / row.load.seconds;
	const ratio = (row: Row, variant: Variant) => {
		const base = rows.find((other) => other.mode === row.mode && other.variant === variant);
		return base ? (rate(row) / rate(base)).toFixed(2) : '';
	};
	console.table(
		rows.map((row) => ({
			mode: row.mode,
			workflow: VARIANT_LABELS[row.variant],
			deliveries: row.load.deliveries,
			seconds: row.load.seconds.toFixed(1),
			'events/s': rate(row).toFixed(1),
			'p50 ms': quantile(row.load.latenciesMs, 0.5),
			'p99 ms': quantile(row.load.latenciesMs, 0.99),
			answers: formatStatuses(row.load.byStatus),
			retries: row.load.retries,
			'given up': row.load.givenUp,
			stored: row.variant === 'noop' ? '' : row.stored,
			'× (a)': ratio(row, 'noop'),
			'× (b)': ratio(row, 'postgres'),
			crash: row.crashed ? 'worker 1 SIGKILLed' : '',
		})),
	);
}

export async function run(args: string[]): Promise<void> {
	const options = parse(args);
	const url = serverUrl();
	const runtime = await n8nRuntime(options.n8n, (line) => console.log(line));
	const tarball = await packPackage();
	const examples = loadExamples().filter((example) =>
		['setup-configuration.json', 'invoice-sent-webhook.json'].includes(example.file),
	);
	const baseDir = mkdtempSync(join(tmpdir(), 'interaction-log-bench-webhook-'));
	const logDir = join(REPO_ROOT, 'artifacts', 'bench');
	const rows: Row[] = [];
	const profiles: string[] = [];
	log(
		`webhook bench: n8n ${runtime.release.version}, ${options.events} events + ${Math.round(options.events * options.redelivered)} redeliveries per workflow, concurrency ${options.concurrency}, ${options.workers} workers in queue mode`,
	);
	try {
		for (const mode of options.modes) {
			const log$ = postgresConfigFromUrl(url, {
				url: undefined,
				schema: `bench_webhook_${mode}_${Date.now().toString(36)}`,
				maxConnections: 5,
			});
			await withTemporaryDatabase(log$, async (db) => {
				for (const statement of PLAIN_TABLE_DDL) await db.raw(statement);
			});
			const pg = new URL(url);
			const n8n = await startLogInstance({
				mode,
				runtime,
				workers: options.workers,
				concurrency: 10,
				lock: { lockDurationMs: 10_000, lockRenewMs: 2_500, stalledIntervalMs: 5_000 },
				serverUrl: url,
				n8nDatabase: databaseName(url, `n8n_${mode}`),
				log: log$,
				baseDir: join(baseDir, mode),
				logDir,
				logPrefix: `webhook-${mode}`,
				tarball,
				examples,
				workflows: options.variants
					.filter((variant): variant is Exclude<Variant, 'record'> => variant !== 'record')
					.map(variantWorkflow),
				credentials: [
					{
						type: 'postgres',
						name: 'Bench PostgreSQL',
						data: {
							host: pg.hostname,
							port: Number(pg.port || 5432),
							database: decodeURIComponent(pg.pathname.slice(1)),
							user: decodeURIComponent(pg.username),
							password: decodeURIComponent(pg.password),
							ssl: 'disable',
							maxConnections: 5,
						},
					},
				],
			});
			try {
				for (const variant of options.variants) {
					const runId = `${mode}_${variant}`;
					const warm = invoiceStream({
						events: options.warmUp,
						redeliveredShare: 0,
						zone: DEFAULT_TIMEZONE,
						runId: `warm_${runId}`,
					});
					await loadOnce(n8n, variant, warm.deliveries, options.concurrency, undefined);
					const stream = invoiceStream({
						events: options.events,
						redeliveredShare: options.redelivered,
						zone: DEFAULT_TIMEZONE,
						runId,
					});
					const crashAt =
						mode === 'queue' && options.crash
							? Math.floor(stream.deliveries.length / 2)
							: undefined;
					const { load, crashed } = await loadOnce(
						n8n,
						variant,
						stream.deliveries,
						options.concurrency,
						crashAt,
					);
					const stored = await storedCount(log$, variant, runId);
					rows.push({ mode, variant, load, stored, crashed });
					for (const answer of load.failedAnswers.filter((a) => a.status !== 500).slice(0, 3)) {
						log(`  answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
					}
					log(
						`${mode} ${VARIANT_LABELS[variant]}: ${(load.deliveries / load.seconds).toFixed(1)} events/s, stored ${stored} of ${options.events}, answers ${formatStatuses(load.byStatus)}`,
					);
				}
				if (options.variants.includes('record')) {
					const profile = await profileExecutions(n8n, options.profileSample);
					if (profile) {
						const row = rows.find((r) => r.mode === mode && r.variant === 'record')!;
						profiles.push(
							`${mode}: answer p50 ${quantile(row.load.latenciesMs, 0.5)} ms; n8n's execution p50 ${profile.durationP50} ms (${profile.executions} sampled); node p50 (mean): ${profile.nodes.map((n) => `${n.node} ${n.p50} (${n.mean.toFixed(1)}) ms`).join(', ')}`,
						);
					}
					const check = await withTemporaryDatabase(log$, (db) => checkRollup(db));
					profiles.push(
						`${mode}: statistics ${check.consistent ? 'equal' : 'DIFFER from'} a recount of the entries`,
					);
				}
			} finally {
				await n8n.stop();
			}
			if (mode === options.modes[options.modes.length - 1] && options.variants.includes('record')) {
				const events = invoiceStream({
					events: Math.min(options.events, 2_000),
					redeliveredShare: 0,
					zone: DEFAULT_TIMEZONE,
					runId: 'library',
				}).events;
				const library = await profileLibrary(log$, events, 10);
				profiles.push(
					`library alone (recordDocumentEvents, one event per call, 10 at once, pool 5): ${library.perSecond.toFixed(0)} events/s, p50 ${library.p50.toFixed(1)} ms, p99 ${library.p99.toFixed(1)} ms`,
				);
				await closeAllDatabases();
			}
			await withTemporaryDatabase(log$, (db) =>
				db.raw('drop schema if exists ?? cascade', [log$.schema]),
			);
		}
	} finally {
		await withTemporaryDatabase(postgresConfigFromUrl(url), (db) =>
			db.raw('drop schema if exists bench_plain cascade'),
		).catch(() => undefined);
		rmSync(baseDir, { recursive: true, force: true });
	}
	log();
	printTable(rows);
	for (const line of profiles) log(line);
	log(`n8n's logs: ${join('artifacts', 'bench')}`);
}
