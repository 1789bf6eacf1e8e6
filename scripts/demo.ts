// `npm run demo`: this package in a real n8n, the newest tested one (n8n 2.41.1 on Node 24) unless
// `--n8n 2.8.4` asks for the other. Installs that n8n (and its Node.js) on first use into the
// user's cache folder, installs the packed package into its community-nodes folder, points it at
// an embedded database, imports the example workflows and serves the editor.
// `npm run demo -- --once` runs the examples headlessly instead, prints the resulting log and exits.
// `--queue [--workers 2]` runs n8n in queue mode (main, workers, webhook processor) on the local
// PostgreSQL and Redis instead.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { ConnectionConfig, EmbeddedConfig } from '../lib/db';
import { demoWebhookEvents } from './real-n8n/demo-events';
import { loadExamples, type Example } from './real-n8n/examples';
import { ensureN8nInstalled } from './real-n8n/install';
import { formatLog, readLog } from './real-n8n/log-report';
import { installPackageInto, packPackage } from './real-n8n/package-install';
import { DEMO_DIR, demoHome, EXAMPLES_DIR, onceHome, REPO_ROOT } from './real-n8n/paths';
import { portIsFree } from './real-n8n/processes';
import { DEMO_OWNER, provision } from './real-n8n/provision';
import { startQueueDemo } from './real-n8n/queue-demo';
import { N8nClient, type StoredWorkflow } from './real-n8n/rest';
import { runExamples } from './real-n8n/run-examples';
import { startN8n } from './real-n8n/server';
import { n8nRelease, NEWEST_N8N } from './real-n8n/versions';

const log = (line = '') => console.log(line);
const shown = (path: string) => relative(REPO_ROOT, path) || '.';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

async function editorPort(): Promise<number | undefined> {
	const asked = option('--port');
	if (asked) return Number(asked);
	return (await portIsFree(5678)) ? 5678 : undefined;
}

function embeddedLog(home: string): EmbeddedConfig {
	return {
		kind: 'embedded',
		dataDirectory: join(home, '.n8n', 'interaction-log'),
		schema: 'interaction_log',
		autoMigrate: true,
	};
}

/** `--n8n <version>`, else the newest tested n8n. */
const RELEASE = option('--n8n') ? n8nRelease(option('--n8n') as string) : NEWEST_N8N;

const QUEUE = process.argv.includes('--queue');

/** n8n in queue mode on the local PostgreSQL and Redis, with the log's credential on the server. */
async function startQueued(home: string, port: number | undefined, fresh: boolean) {
	const install = await ensureN8nInstalled(RELEASE, log);
	const workers = Number(option('--workers') ?? 2);
	log(`Packing the package; starting ${RELEASE.label} in queue mode (${workers} workers)`);
	const demo = await startQueueDemo({
		home,
		runtime: install,
		workers,
		editorPort: port,
		serverUrl:
			option('--pg-url') ??
			process.env.INTERACTION_LOG_QUEUE_PG_URL ??
			'postgres://postgres@127.0.0.1:5432/postgres',
		databasePrefix: option('--database-prefix') ?? 'interaction_log_demo',
		fresh,
		tarball: await packPackage(),
	});
	const { main, webhook } = demo.queue;
	log(
		`  main ${main.url}, webhook processor ${webhook.url}, Redis prefix ${demo.queue.redisPrefix}`,
	);
	return {
		server: { ...main, stop: () => demo.stop() },
		client: new N8nClient(main.url, webhook.url),
		config: demo.config as ConnectionConfig,
		credentialData: demo.credentialData,
	};
}

async function startRegular(home: string, port: number | undefined) {
	const install = await ensureN8nInstalled(RELEASE, log);
	log('Packing the package and installing it into n8n’s community-nodes folder');
	await installPackageInto(home, await packPackage());
	log(`Starting ${RELEASE.label}`);
	const server = await startN8n({
		install,
		userFolder: home,
		port,
		logFile: join(home, 'n8n.log'),
	});
	const config: ConnectionConfig = embeddedLog(home);
	const credentialData = {
		mode: 'embedded',
		dataDirectory: config.dataDirectory,
		schema: config.schema,
		autoMigrate: true,
	};
	return { server, client: new N8nClient(server.url), config, credentialData };
}

async function start(home: string, port: number | undefined, fresh = false) {
	const examplesDir = option('--examples') ?? EXAMPLES_DIR;
	const examples = loadExamples(examplesDir);
	if (examples.length === 0) log(`No example workflows in ${shown(examplesDir)} yet`);
	const { server, client, config, credentialData } = QUEUE
		? await startQueued(
				join(DEMO_DIR, `queue-${fresh ? 'once' : 'home'}-n8n-${RELEASE.version}`),
				port,
				fresh,
			)
		: await startRegular(home, port);
	const provisioned = await provision(client, { owner: DEMO_OWNER, credentialData, examples });
	return { server, client, examples, examplesDir, config, workflows: provisioned.workflows };
}

async function once() {
	const home = onceHome(RELEASE.version);
	rmSync(home, { recursive: true, force: true });
	const { server, client, examples, examplesDir, config, workflows } = await start(
		home,
		undefined,
		true,
	);
	let failed = 0;
	try {
		log(`\nRunning ${examples.length} example workflow(s) in ${RELEASE.label} at ${server.url}\n`);
		const events = demoWebhookEvents(server.timezone);
		for (const run of await runExamples(client, examples, workflows, events)) {
			if (!run.ok) failed++;
			log(`${run.ok ? '✔' : '✘'} ${run.name} (${shown(join(examplesDir, run.file))})`);
			for (const line of run.lines) log(`    ${line}`);
		}
	} finally {
		await server.stop();
	}
	const where = config.kind === 'embedded' ? shown(config.dataDirectory) : config.database;
	log(`\nThe interaction log (${where}):\n`);
	for (const line of formatLog(await readLog(config))) log(line);
	log(`\nn8n's output: ${shown(server.logFile)}`);
	if (failed > 0) {
		log(`${failed} example(s) failed`);
		process.exitCode = 1;
	}
}

async function publishTriggers(
	client: N8nClient,
	examples: readonly Example[],
	workflows: ReadonlyMap<string, StoredWorkflow>,
) {
	for (const example of examples) {
		const workflow = workflows.get(example.file);
		if (!workflow || workflow.active) continue;
		if (!example.triggers.some((trigger) => ['webhook', 'mcp'].includes(trigger.kind))) continue;
		await client.activateWorkflow(workflow).catch((error: Error) => {
			log(`Could not publish "${workflow.name}": ${error.message}`);
		});
	}
}

async function serve() {
	const { server, client, examples, workflows } = await start(
		demoHome(RELEASE.version),
		await editorPort(),
	);
	const webhooks = client.webhookBaseUrl;
	await publishTriggers(client, examples, workflows);
	log(`\n${RELEASE.label} ${server.url} is ready`);
	log(`  login:    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	log(`  log file: ${shown(server.logFile)}`);
	for (const example of examples) {
		const workflow = workflows.get(example.file);
		if (workflow) log(`  ${server.url}/workflow/${workflow.id}  ${workflow.name}`);
		for (const trigger of example.triggers) {
			if (trigger.kind === 'webhook')
				log(`      ${trigger.method} ${webhooks}/webhook/${trigger.path}`);
			if (trigger.kind === 'mcp')
				log(`      MCP server (Streamable HTTP): ${server.url}/mcp/${trigger.path}`);
		}
	}
	const setup = workflows.get('setup-configuration.json');
	if (setup) {
		log(`\nStart with ${server.url}/workflow/${setup.id} → "Execute workflow": it adds the`);
		log('templates, contacts and segment the other examples use.');
	}
	const events = demoWebhookEvents(server.timezone);
	for (const example of examples) {
		const webhook = example.triggers.find((trigger) => trigger.kind === 'webhook');
		const [event] = events[example.file] ?? [];
		if (!webhook || webhook.kind !== 'webhook' || event === undefined) continue;
		log(`\nTry ${example.file}:`);
		log(
			`  curl -X ${webhook.method} ${webhooks}/webhook/${webhook.path} -H 'content-type: application/json' -d '${JSON.stringify(event)}'`,
		);
	}
	log('\nStop with Ctrl+C. The next `npm run demo` reuses this instance and its data.');
	await new Promise<void>(() => {
		// Runs until Ctrl+C: startN8n's signal handler stops n8n, then the process ends.
	});
}

async function main() {
	if (process.argv.includes('--once')) await once();
	else await serve();
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
