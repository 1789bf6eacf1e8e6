// n8n in queue mode (main, 2 workers, a webhook processor; n8n's database on PostgreSQL, Redis
// under a prefix of its own) taking 1,000 "invoice sent" events, 20% of them delivered twice,
// from a sender that retries every non-2xx answer, while one worker is SIGKILLed and restarted
// mid-run. Afterwards the log holds each event exactly once and its statistics equal a recount.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { postgresConfigFromUrl, withTemporaryDatabase } from '../../lib/db';
import { checkRollup, foldRollup } from '../../lib/statistics';
import { invoiceStream } from '../../scripts/real-n8n/invoice-stream';
import { startLogInstance, type LogInstance } from '../../scripts/real-n8n/log-instance';
import { packPackage } from '../../scripts/real-n8n/package-install';
import { E2E_ARTIFACTS_DIR } from '../../scripts/real-n8n/paths';
import { n8nRuntime, QUEUE_N8N_VERSION } from '../../scripts/real-n8n/queue-runtime';
import { keysWithPrefix } from '../../scripts/real-n8n/redis';
import { DEFAULT_TIMEZONE } from '../../scripts/real-n8n/server';
import {
	quantile,
	runWebhookLoad,
	type WebhookLoadResult,
} from '../../scripts/real-n8n/webhook-load';
import { TEST_PG_URL } from '../support/backends';
import { EXAMPLES } from './support/runs';

const EVENTS = 1_000;
const WORKERS = 2;
const CRASH_AFTER = 300; // deliveries done when worker 1 is killed
const INVOICE_WEBHOOK = 'invoice-sent-webhook.json';

/** A database name of its own on the test server: `<test database>_n8n_<random>`. */
function n8nDatabaseName(url: string): string {
	const base = decodeURIComponent(new URL(url).pathname.slice(1)).slice(0, 40);
	return `${base}_n8n_${randomBytes(3).toString('hex')}`;
}

function isAlive(pid: number | undefined): boolean {
	if (pid === undefined) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// Queue mode needs the PostgreSQL server (n8n's own database cannot be SQLite there).
(TEST_PG_URL ? describe : describe.skip)(
	`queue mode: n8n ${QUEUE_N8N_VERSION}, ${WORKERS} workers, ${EVENTS} invoice events with redeliveries, a worker SIGKILLed mid-run`,
	() => {
		const log = postgresConfigFromUrl(TEST_PG_URL!, {
			url: undefined,
			schema: `e2e_queue_${process.pid}_${Date.now().toString(36)}`,
			maxConnections: 5,
		});
		const stream = invoiceStream({
			events: EVENTS,
			redeliveredShare: 0.2,
			zone: DEFAULT_TIMEZONE,
			runId: 'q',
		});
		const baseDir = mkdtempSync(join(tmpdir(), 'interaction-log-queue-e2e-'));
		let n8n: LogInstance | undefined;
		let load: WebhookLoadResult;
		let crash: Promise<void> | undefined;
		const pids: (number | undefined)[] = [];

		beforeAll(async () => {
			n8n = await startLogInstance({
				mode: 'queue',
				runtime: await n8nRuntime(),
				workers: WORKERS,
				concurrency: 10,
				// Shorter than n8n's defaults (60 s lock, 30 s check), so that the jobs of the killed
				// worker fail, and their webhooks answer 500, within seconds.
				lock: { lockDurationMs: 10_000, lockRenewMs: 2_500, stalledIntervalMs: 5_000 },
				serverUrl: TEST_PG_URL!,
				n8nDatabase: n8nDatabaseName(TEST_PG_URL!),
				log,
				baseDir,
				logDir: E2E_ARTIFACTS_DIR,
				logPrefix: 'queue-mode',
				tarball: process.env.INTERACTION_LOG_E2E_TARBALL ?? (await packPackage()),
				examples: EXAMPLES.filter((example) =>
					['setup-configuration.json', INVOICE_WEBHOOK].includes(example.file),
				),
			});
			const { queue } = n8n;
			pids.push(queue!.main.pid, queue!.webhook.pid, ...queue!.workers.map((w) => w.pid));
			load = await runWebhookLoad({
				url: n8n.webhookUrl('invoice-sent'),
				deliveries: stream.deliveries,
				concurrency: 16,
				maxAttempts: 8,
				firstBackoffMs: 500,
				maxBackoffMs: 8_000,
				requestTimeoutMs: 60_000,
				deadlineMs: 8 * 60_000,
				onDelivered: (done) => {
					if (done !== CRASH_AFTER) return;
					crash = (async () => {
						await queue!.crashWorker(0);
						await queue!.restartWorker(0);
						pids.push(queue!.workers[0].pid);
					})();
				},
			});
			await crash;
		}, 15 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			await withTemporaryDatabase(log, (db) =>
				db.raw('drop schema if exists ?? cascade', [log.schema]),
			);
			rmSync(baseDir, { recursive: true, force: true });
		});

		it('answers every delivery 2xx in the end, retrying what the crash failed', () => {
			const summary = {
				seconds: load.seconds,
				requests: load.requests,
				retries: load.retries,
				byStatus: load.byStatus,
				p50: quantile(load.latenciesMs, 0.5),
				p99: quantile(load.latenciesMs, 0.99),
				failedAnswers: load.failedAnswers.slice(0, 5),
			};
			console.log(`queue-mode e2e: ${JSON.stringify(summary)}`);
			expect(load.deliveries).toBe(EVENTS + stream.redelivered);
			expect(load.givenUp).toBe(0);
			expect(load.outcomes.every((outcome) => outcome.status === 200)).toBe(true);
			expect(
				load.outcomes.map((outcome) => (outcome.body as { recorded?: boolean }).recorded),
			).toEqual(load.outcomes.map(() => true));
			expect(crash).toBeDefined();
		});

		it('holds every event exactly once, the contacts of new customers once each', async () => {
			await withTemporaryDatabase(log, async (db) => {
				const entries = await db('interaction_log_entries')
					.where('document_kind', 'sales_invoice')
					.select('idempotency_key', 'document_no');
				expect(entries).toHaveLength(EVENTS);
				expect(new Set(entries.map((entry) => entry.idempotency_key))).toEqual(
					new Set(stream.events.map((event) => event.eventId)),
				);
				const newCustomers = new Set(
					stream.events.filter((e) => e.customerNo.startsWith('N')).map((e) => e.customerNo),
				);
				const relations = await db('contact_business_relations')
					.where('relation', 'customer')
					.whereIn('external_no', [...newCustomers])
					.select('external_no', 'contact_no');
				expect(relations.map((r) => r.external_no).sort()).toEqual([...newCustomers].sort());
				// Each new customer became one contact, numbered from the contact series (CT000001...).
				expect(relations.every((r) => /^CT\d{6}$/.test(r.contact_no))).toBe(true);
				expect(new Set(relations.map((r) => r.contact_no)).size).toBe(newCustomers.size);
			});
		});

		it('keeps statistics equal to a plain recount of the entries', async () => {
			await withTemporaryDatabase(log, async (db) => {
				const check = await checkRollup(db);
				// The sums table holds what was folded; fold the appended deltas before reading it plainly.
				await foldRollup(db);
				expect(check.differences).toEqual([]);
				const { rows: recount } = await db.raw<{ rows: unknown[] }>(
					`select template_code as code, count(*)::int as entries, coalesce(sum(cost), 0)::float as cost
					 from interaction_log_entries where not canceled and not postponed
					 group by template_code order by 1`,
				);
				const { rows: kept } = await db.raw<{ rows: unknown[] }>(
					`select dimension_value as code, sum(entry_count)::int as entries, sum(cost_sum)::float as cost
					 from interaction_log_rollup where dimension = 'template' and bucket_level = 'm'
					 group by dimension_value having sum(entry_count) > 0 order by 1`,
				);
				expect(kept).toEqual(recount);
				expect(recount).toContainEqual(expect.objectContaining({ code: 'SINV', entries: EVENTS }));
			});
		});

		it('stops every process and leaves no Redis key of its prefix behind', async () => {
			const prefix = n8n!.queue!.redisPrefix;
			await n8n!.stop();
			n8n = undefined;
			expect(pids.filter(isAlive)).toEqual([]);
			expect(await keysWithPrefix(prefix)).toEqual([]);
		});
	},
);
