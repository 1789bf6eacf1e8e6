// One n8n with the interaction log on a PostgreSQL server, ready to take webhooks under load: in
// queue mode (main, workers, webhook processor) or in regular mode (one process), n8n's own
// database on PostgreSQL in both, the owner, the log's credential, the setup example run once,
// and the given workflows imported and published. Used by the queue-mode e2e test and the bench.
import { join } from 'node:path';

import type { PostgresConfig } from '../../lib/db';
import { forImport, type Example } from './examples';
import { executionError } from './executions';
import { installPackageInto } from './package-install';
import { DEMO_OWNER, provision } from './provision';
import {
	createDatabaseIfMissing,
	dropDatabase,
	n8nDatabaseEnv,
	startQueueMode,
	type QueueLockSettings,
	type QueueMode,
} from './queue';
import type { N8nInstall as N8nRuntime } from './install';
import { N8nClient, type StoredWorkflow, type WorkflowJson } from './rest';
import { startN8n, type N8nServer } from './server';

export type ExecutionsMode = 'queue' | 'regular';

export interface LogInstanceOptions {
	readonly mode: ExecutionsMode;
	readonly runtime: N8nRuntime;
	/** Queue mode: workers and the executions each runs at once. */
	readonly workers?: number;
	readonly concurrency?: number;
	readonly lock?: QueueLockSettings;
	/** A PostgreSQL URL of the server; n8n's database `n8nDatabase` is created there and dropped at the end. */
	readonly serverUrl: string;
	readonly n8nDatabase: string;
	/** The log's credential. */
	readonly log: PostgresConfig;
	readonly baseDir: string;
	readonly logDir: string;
	readonly logPrefix: string;
	readonly tarball: string;
	/** Examples to import; `setup-configuration.json` among them is run once. */
	readonly examples: readonly Example[];
	/** More workflows to import and publish (their nodes get the credentials below). */
	readonly workflows?: readonly WorkflowJson[];
	/** n8n credentials to create first, by type (e.g. `postgres` for n8n's Postgres node). */
	readonly credentials?: readonly { type: string; name: string; data: Record<string, unknown> }[];
	/** More settings for every process. */
	readonly env?: Readonly<Record<string, string>>;
}

export interface LogInstance {
	readonly mode: ExecutionsMode;
	readonly client: N8nClient;
	/** The process that serves the editor and the REST API. */
	readonly main: N8nServer;
	/** Queue mode only. */
	readonly queue: QueueMode | undefined;
	/** The stored workflow of each example file and of each extra workflow (by name). */
	readonly workflows: ReadonlyMap<string, StoredWorkflow>;
	webhookUrl(path: string): string;
	/** Stops every process, removes Redis keys and n8n's database. */
	stop(): Promise<void>;
}

/** The log credential's fields for `config`, as a user fills them in. */
export function postgresCredentialData(config: PostgresConfig): Record<string, unknown> {
	const { host, port, database, user, password, ssl, maxConnections, schema } = config;
	return { mode: 'postgres', host, port, database, user, password, ssl, maxConnections, schema };
}

async function startRegular(options: LogInstanceOptions): Promise<N8nServer> {
	await createDatabaseIfMissing(options.serverUrl, options.n8nDatabase);
	const userFolder = join(options.baseDir, 'main');
	await installPackageInto(userFolder, options.tarball);
	return await startN8n({
		userFolder,
		logFile: join(options.logDir, `${options.logPrefix}-main.log`),
		install: options.runtime,
		env: {
			...n8nDatabaseEnv(options.serverUrl, options.n8nDatabase),
			EXECUTIONS_MODE: 'regular',
			...options.env,
		},
	});
}

export async function startLogInstance(options: LogInstanceOptions): Promise<LogInstance> {
	let queue: QueueMode | undefined;
	let main: N8nServer | undefined;
	const stop = async () => {
		if (queue) await queue.stop();
		else {
			await main?.stop();
			await dropDatabase(options.serverUrl, options.n8nDatabase);
		}
	};
	try {
		if (options.mode === 'queue') {
			queue = await startQueueMode({
				runtime: options.runtime,
				workers: options.workers ?? 2,
				concurrency: options.concurrency,
				lock: options.lock,
				baseDir: options.baseDir,
				logDir: options.logDir,
				logPrefix: options.logPrefix,
				tarball: options.tarball,
				n8nDatabase: {
					serverUrl: options.serverUrl,
					database: options.n8nDatabase,
					dropOnStop: true,
				},
				env: options.env,
			});
			main = queue.main;
		} else {
			main = await startRegular(options);
		}
		const webhookBase = queue ? queue.webhook.url : main.url;
		const client = new N8nClient(main.url, webhookBase);
		const { credential, workflows } = await provision(client, {
			owner: DEMO_OWNER,
			credentialData: postgresCredentialData(options.log),
			examples: options.examples,
		});
		const extraCredentials = new Map<string, { id: string; name: string }>();
		for (const extra of options.credentials ?? []) {
			extraCredentials.set(extra.type, await client.createCredential(extra));
		}
		const stored = new Map(workflows);
		const publishedIds = new Set<string>();
		const setup = workflows.get('setup-configuration.json');
		if (setup) {
			const trigger = setup.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
			const id = await client.startManualRun(setup, trigger?.name ?? 'Manual Trigger');
			const execution = await client.waitForExecution(id);
			const failed = executionError(execution);
			if (failed) throw new Error(`The setup example failed: ${failed}`);
		}
		for (const workflow of options.workflows ?? []) {
			const withCredentials = forImport(
				{ file: workflow.name, workflow, triggers: [], packageNodeTypes: [] },
				credential,
			);
			const nodes = withCredentials.nodes.map((node) => {
				const types = Object.keys(node.credentials ?? {});
				const credentials = Object.fromEntries(
					types.map((type) => [type, extraCredentials.get(type) ?? node.credentials![type]]),
				);
				return types.length > 0 ? { ...node, credentials } : node;
			});
			const created = await client.createWorkflow({ ...withCredentials, nodes });
			stored.set(workflow.name, await client.activateWorkflow(created));
			publishedIds.add(created.id);
		}
		for (const example of options.examples) {
			const workflow = stored.get(example.file);
			if (workflow && example.triggers.some((trigger) => trigger.kind === 'webhook')) {
				stored.set(example.file, await client.activateWorkflow(workflow));
				publishedIds.add(workflow.id);
			}
		}
		const published = [...stored.values()].filter((workflow) => publishedIds.has(workflow.id));
		for (const node of published.flatMap((workflow) => workflow.nodes)) {
			if (node.type === 'n8n-nodes-base.webhook') {
				await client.waitForWebhook(String(node.parameters.path));
			}
		}
		return {
			mode: options.mode,
			client,
			main,
			queue,
			workflows: stored,
			webhookUrl: (path) => `${webhookBase}/webhook/${path}`,
			stop,
		};
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}
