// `npm run demo`: this package in a real n8n, the newest tested one (n8n 2.41.1 on Node 24) unless
// `--n8n 2.8.4` asks for the other. Installs that n8n (and its Node.js) on first use into the
// user's cache folder, installs the packed package into its community-nodes folder, points it at
// an embedded database, imports the example workflows and serves the editor.
// `npm run demo -- --once` runs the examples headlessly instead, prints the resulting log and exits.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { EmbeddedConfig } from '../lib/db';
import { demoWebhookEvents } from './real-n8n/demo-events';
import { loadExamples, type Example } from './real-n8n/examples';
import { ensureN8nInstalled } from './real-n8n/install';
import { formatLog, readLog } from './real-n8n/log-report';
import { installPackageInto, packPackage } from './real-n8n/package-install';
import { demoHome, EXAMPLES_DIR, onceHome, REPO_ROOT } from './real-n8n/paths';
import { portIsFree } from './real-n8n/processes';
import { DEMO_OWNER, provision } from './real-n8n/provision';
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

async function start(home: string, port: number | undefined) {
	const install = await ensureN8nInstalled(RELEASE, log);
	log('Packing the package and installing it into n8n’s community-nodes folder');
	await installPackageInto(home, await packPackage());
	const examplesDir = option('--examples') ?? EXAMPLES_DIR;
	const examples = loadExamples(examplesDir);
	if (examples.length === 0) log(`No example workflows in ${shown(examplesDir)} yet`);
	log(`Starting ${RELEASE.label}`);
	const server = await startN8n({
		install,
		userFolder: home,
		port,
		logFile: join(home, 'n8n.log'),
	});
	const client = new N8nClient(server.url);
	const config = embeddedLog(home);
	const provisioned = await provision(client, {
		owner: DEMO_OWNER,
		credentialData: {
			mode: 'embedded',
			dataDirectory: config.dataDirectory,
			schema: config.schema,
			autoMigrate: true,
		},
		examples,
	});
	return { server, client, examples, examplesDir, config, workflows: provisioned.workflows };
}

async function once() {
	const home = onceHome(RELEASE.version);
	rmSync(home, { recursive: true, force: true });
	const { server, client, examples, examplesDir, config, workflows } = await start(home, undefined);
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
	log(`\nThe interaction log (${shown(config.dataDirectory)}):\n`);
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
	await publishTriggers(client, examples, workflows);
	log(`\n${RELEASE.label} ${server.url} is ready`);
	log(`  login:    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	log(`  log file: ${shown(server.logFile)}`);
	for (const example of examples) {
		const workflow = workflows.get(example.file);
		if (workflow) log(`  ${server.url}/workflow/${workflow.id}  ${workflow.name}`);
		for (const trigger of example.triggers) {
			if (trigger.kind === 'webhook')
				log(`      ${trigger.method} ${server.url}/webhook/${trigger.path}`);
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
			`  curl -X ${webhook.method} ${server.url}/webhook/${webhook.path} -H 'content-type: application/json' -d '${JSON.stringify(event)}'`,
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
