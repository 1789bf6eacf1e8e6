// One real n8n for a test file: the chosen release, a fresh user folder with the packed package
// installed, the owner, the "Interaction Log Database" credential on the chosen backend, and the
// workflows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { postgresConfigFromUrl, type ConnectionConfig } from '../../../lib/db';
import { withTemporaryDatabase } from '../../../lib/db';
import type { Example } from '../../../scripts/real-n8n/examples';
import { installPackageInto, packPackage } from '../../../scripts/real-n8n/package-install';
import { E2E_ARTIFACTS_DIR } from '../../../scripts/real-n8n/paths';
import { DEMO_OWNER, provision } from '../../../scripts/real-n8n/provision';
import { N8nClient, type StoredWorkflow } from '../../../scripts/real-n8n/rest';
import { startN8n, type N8nServer } from '../../../scripts/real-n8n/server';
import type { N8nRelease } from '../../../scripts/real-n8n/versions';
import { TEST_PG_URL, type Backend } from '../../support/backends';
import { installOf } from './releases';

export interface E2eInstance {
	readonly release: N8nRelease;
	readonly server: N8nServer;
	/** Signed in as the owner. */
	readonly client: N8nClient;
	/** Where the credential points: read the log there (an embedded one once n8n stopped). */
	readonly config: ConnectionConfig;
	readonly workflows: ReadonlyMap<string, StoredWorkflow>;
	/** The stored workflow of an example or fixture file; fails when it was not imported. */
	workflow(file: string): StoredWorkflow;
	/** Stops n8n (its embedded store is then free to read); safe to call twice. */
	stop(): Promise<void>;
	/** Stops n8n, drops the server schema and removes the user folder. */
	cleanUp(): Promise<void>;
}

function logConfig(backend: Backend, userFolder: string): ConnectionConfig {
	const schema = `e2e_${process.pid}_${Date.now().toString(36)}`;
	if (backend === 'postgres') {
		if (!TEST_PG_URL) throw new Error('INTERACTION_LOG_TEST_PG_URL is not set');
		return postgresConfigFromUrl(TEST_PG_URL, { schema, maxConnections: 5 });
	}
	const dataDirectory = join(userFolder, '.n8n', 'interaction-log');
	return { kind: 'embedded', dataDirectory, schema: 'interaction_log', autoMigrate: true };
}

/** The credential a user would fill in for `config`. */
function credentialData(config: ConnectionConfig): Record<string, unknown> {
	if (config.kind === 'embedded') {
		const { dataDirectory, schema, autoMigrate } = config;
		return { mode: 'embedded', dataDirectory, schema, autoMigrate };
	}
	const { host, port, database, user, password, ssl, maxConnections, schema } = config;
	return { mode: 'postgres', host, port, database, user, password, ssl, maxConnections, schema };
}

/** The tarball packed by the global setup (or packed now when a file runs on its own). */
async function tarball(): Promise<string> {
	return process.env.INTERACTION_LOG_E2E_TARBALL ?? (await packPackage());
}

/**
 * Starts `release` for `label` (which, with the version, names its log in artifacts/e2e/) on
 * `backend`, with `examples` imported. The caller must call `cleanUp` in `afterAll`.
 */
export async function startInstance(
	label: string,
	release: N8nRelease,
	backend: Backend,
	examples: readonly Example[],
): Promise<E2eInstance> {
	const install = await installOf(release);
	const userFolder = mkdtempSync(join(tmpdir(), 'interaction-log-e2e-'));
	const config = logConfig(backend, userFolder);
	let server: N8nServer | undefined;
	const cleanUp = async () => {
		await server?.stop();
		if (config.kind === 'postgres') {
			await withTemporaryDatabase(config, (db) =>
				db.raw('drop schema if exists ?? cascade', [config.schema]),
			);
		}
		rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		await installPackageInto(userFolder, await tarball());
		server = await startN8n({
			install,
			userFolder,
			logFile: join(E2E_ARTIFACTS_DIR, `${label}-n8n-${release.version}-${backend}.log`),
		});
		const client = new N8nClient(server.url);
		const { workflows } = await provision(client, {
			owner: DEMO_OWNER,
			credentialData: credentialData(config),
			examples,
		});
		const running = server;
		return {
			release,
			server: running,
			client,
			config,
			workflows,
			workflow(file) {
				const found = workflows.get(file);
				if (!found) throw new Error(`${file} was not imported`);
				return found;
			},
			stop: () => running.stop(),
			cleanUp,
		};
	} catch (error) {
		await cleanUp();
		throw error;
	}
}

/**
 * Runs `attempt` (the start of a real n8n and a browser, for a test file's `beforeAll`) and, if
 * it fails, logs why, runs `undo` and tries once more: a third-party process that fails to start
 * once on a loaded CI machine should not fail every test of the file, while a second failure in
 * a row is reported as it is.
 */
export async function retriedOnce<T>(
	what: string,
	attempt: () => Promise<T>,
	undo: () => Promise<void>,
): Promise<T> {
	try {
		return await attempt();
	} catch (error) {
		console.warn(
			`${what} failed once; trying again. The cause:\n${String((error as Error).stack ?? error)}`,
		);
		await undo();
		return await attempt();
	}
}
