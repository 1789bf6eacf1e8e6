// Starts an installed n8n (`n8n start`) on localhost, on the Node.js of its release, and stops it
// with everything it spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname } from 'node:path';

import type { N8nInstall } from './install';
import { freePort } from './processes';

export interface N8nServerOptions {
	/** The n8n to run (ensureN8nInstalled). */
	readonly install: N8nInstall;
	/** n8n's N8N_USER_FOLDER: its settings, SQLite database and community nodes live below it. */
	readonly userFolder: string;
	/** The editor's port; a free one when left out. */
	readonly port?: number;
	/** Where n8n's output goes. */
	readonly logFile: string;
	/** The instance's default time zone (GENERIC_TIMEZONE). */
	readonly timezone?: string;
	readonly startTimeoutMs?: number;
	/** `n8n start` (default), or a worker or webhook processor of queue mode. */
	readonly command?: 'start' | 'worker' | 'webhook';
	/** Arguments after the command, e.g. `--concurrency=10` for a worker. */
	readonly args?: readonly string[];
	/** Settings on top of the defaults (queue mode, n8n's database on PostgreSQL); they win. */
	readonly env?: Readonly<Record<string, string>>;
	/** The task broker's port; a free one when left out. */
	readonly brokerPort?: number;
	/** Answers 2xx once the process is ready (default: the REST API of `n8n start`). */
	readonly readyUrl?: string;
}

/** The instance's time zone unless told otherwise: the workflows' default. */
export const DEFAULT_TIMEZONE = 'Europe/Berlin';

export interface N8nServer {
	readonly url: string;
	/** The n8n version, e.g. `2.41.1`. */
	readonly version: string;
	/** GENERIC_TIMEZONE: times without an offset in workflows are read in it. */
	readonly timezone: string;
	readonly port: number;
	readonly logFile: string;
	/** n8n's process id (the leader of its process group). */
	readonly pid: number | undefined;
	/** The last lines n8n printed, for error messages. */
	logTail(lines?: number): string;
	/** Stops n8n and its task runner; safe to call twice. */
	stop(): Promise<void>;
	/** Sends `signal` to n8n's process group (its task runner too) and waits for it to end. */
	kill(signal: NodeJS.Signals): Promise<void>;
}

// Every n8n this process started, killed on exit even when a test or the demo fails midway.
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is gone already.
	}
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** Asks n8n to shut down, gives it 30 s, then kills what is left of its process group. */
async function stopProcess(child: ChildProcess) {
	if (!(await waitForExit(child, 0))) {
		killGroup(child, 'SIGTERM');
		if (!(await waitForExit(child, 30_000))) killGroup(child, 'SIGKILL');
		await waitForExit(child, 5_000);
	}
	killGroup(child, 'SIGKILL'); // a task runner left behind
}

process.once('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

// n8n runs in its own process group, so Ctrl+C (or CI stopping the job) does not reach it:
// pass the signal on, let it shut down cleanly, then end as the signal would have.
let signalsHooked = false;
function stopAllOnSignals() {
	if (signalsHooked) return;
	signalsHooked = true;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			void Promise.all([...running].map(stopProcess)).finally(() =>
				process.exit(128 + (constants.signals[signal] ?? 1)),
			);
		});
	}
}

function n8nEnvironment(options: N8nServerOptions, ports: { editor: number; broker: number }) {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			// Nothing of the caller's n8n settings or of jest leaks into the real n8n: with
			// NODE_ENV=test it refuses to load nodes and exits without a word.
			([name]) =>
				!/^(N8N_|JEST_|DB_|QUEUE_|EXECUTIONS_)/.test(name) &&
				!['NODE_OPTIONS', 'NODE_ENV'].includes(name),
		),
	);
	const { runtime } = options.install;
	return {
		...inherited,
		// The release's Node.js first: n8n starts its task runner with the `node` it finds there.
		PATH: [...runtime.pathPrefix, inherited.PATH ?? ''].join(delimiter),
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(ports.editor),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		// The task broker listens on 5679 by default, and several instances run at once (test
		// files, CI, a demo): every port is a free one. The task runner's health-check server
		// stays off (its default; no N8N_* variable is inherited).
		N8N_RUNNERS_BROKER_PORT: String(ports.broker),
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: options.timezone ?? DEFAULT_TIMEZONE,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...options.env,
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `n8n start` (or `options.command`) and resolves once its REST API (or `readyUrl`)
 * answers: the health check turns ready before the REST routes exist. Rejects with n8n's last
 * output if it exits or times out.
 */
export async function startN8n(options: N8nServerOptions): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const ports = { editor: port, broker: options.brokerPort ?? (await freePort()) };
	const command = options.command ?? 'start';
	mkdirSync(dirname(options.logFile), { recursive: true });
	const logFd = openSync(options.logFile, 'a');
	const { install } = options;
	const child = spawn(install.runtime.node, [install.bin, command, ...(options.args ?? [])], {
		env: n8nEnvironment(options, ports),
		stdio: ['ignore', logFd, logFd],
		// Its own process group, so that stopping it also stops the task runner it spawns.
		detached: true,
	});
	closeSync(logFd);
	running.add(child);
	stopAllOnSignals();
	child.once('exit', () => running.delete(child));

	const url = `http://127.0.0.1:${port}`;
	const timezone = options.timezone ?? DEFAULT_TIMEZONE;
	const logTail = (lines = 30) =>
		readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
	const stop = () => stopProcess(child);
	const kill = async (signal: NodeJS.Signals) => {
		killGroup(child, signal);
		await waitForExit(child, 30_000);
	};
	const { pid } = child;
	const version = install.release.version;
	const server = {
		url,
		version,
		port,
		timezone,
		logFile: options.logFile,
		pid,
		logTail,
		stop,
		kill,
	};

	const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`n8n ${command} exited while starting (code ${child.exitCode}, signal ${child.signalCode}; ${options.logFile}):\n${logTail()}`,
			);
		}
		try {
			if (options.readyUrl) {
				if ((await fetch(options.readyUrl)).ok) return server;
			} else {
				// Early on, the editor's HTML answers every path: wait for the REST API's JSON.
				const response = await fetch(`http://127.0.0.1:${port}/rest/settings`);
				const type = response.headers.get('content-type') ?? '';
				if (response.ok && type.includes('application/json')) return server;
			}
		} catch {
			// Not listening yet.
		}
		await sleep(500);
	}
	await stop();
	throw new Error(
		`n8n ${command} did not start within the time limit (${options.logFile}):\n${logTail()}`,
	);
}
