// The tested n8n releases (and the Node 24 that n8n 2.41 needs), installed on demand into the
// user's cache folder, one folder per version, outside any checkout: every clone and every later
// CI run on the machine reuses them. A folder counts as installed once its stamp is there, and
// the stamp is written only after the install has been checked (n8n's version, its SQLite driver
// loading under the Node.js that runs it). A complete install made by other means (a folder
// filled by hand with the same commands) is checked and adopted instead of installed again.
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	type PathLike,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import { runCommand } from './processes';
import type { N8nRelease } from './versions';

/** `${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-interaction-log`. */
export const CACHE_DIR = join(
	process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
	'n8n-nodes-interaction-log',
);

const STAMP_FILE = '.complete.json';
const NPMRC = 'fund=false\naudit=false\nupdate-notifier=false\n';

export interface NodeRuntime {
	/** The `node` executable. */
	readonly node: string;
	/** Folders to put first on PATH so that `node` (and what n8n spawns) is this one. */
	readonly pathPrefix: readonly string[];
	readonly version: string;
}

export interface N8nInstall {
	readonly release: N8nRelease;
	/** n8n's `bin/n8n` script, run by `runtime.node`. */
	readonly bin: string;
	readonly runtime: NodeRuntime;
	/** Seconds the install took, or undefined when an earlier install was reused. */
	readonly installSeconds: number | undefined;
}

type Log = (line: string) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readJson(path: PathLike): Record<string, unknown> | undefined {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return undefined;
	}
}

function pidIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Holds `<dir>.lock` (a folder: created atomically) while `work` runs, so that two test runs or
 * demos starting at once on a machine without the cache install each folder once. A lock whose
 * process has died is taken over.
 */
async function withInstallLock<T>(dir: string, log: Log, work: () => Promise<T>): Promise<T> {
	const lock = `${dir}.lock`;
	const owner = join(lock, 'pid');
	let told = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(owner, String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = Number(existsSync(owner) ? readFileSync(owner, 'utf8') : NaN);
			if (Number.isInteger(pid) && !pidIsAlive(pid)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!told) log(`Waiting for another process that installs into ${dir}`);
			told = true;
			await sleep(2_000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

interface CachedInstall {
	readonly dir: string;
	readonly what: string;
	/** Problems that make the folder unusable; empty when the install is complete. */
	check(): string[];
	install(): Promise<void>;
}

/**
 * Reuses `dir` when it carries the stamp, adopts a complete install that lacks one, and installs
 * otherwise. Returns the seconds an install took, or undefined when nothing was installed.
 */
async function ensureCached(folder: CachedInstall, log: Log): Promise<number | undefined> {
	const stamp = join(folder.dir, STAMP_FILE);
	const usable = () => existsSync(stamp) && folder.check().length === 0;
	if (usable()) return undefined;
	mkdirSync(dirname(folder.dir), { recursive: true });
	return await withInstallLock(folder.dir, log, async () => {
		if (usable()) return undefined; // another process finished it while we waited
		if (existsSync(folder.dir) && folder.check().length === 0) {
			writeFileSync(stamp, JSON.stringify({ what: folder.what, adopted: new Date() }, null, 2));
			log(`Adopted the complete install of ${folder.what} in ${folder.dir}`);
			return undefined;
		}
		rmSync(stamp, { force: true });
		mkdirSync(folder.dir, { recursive: true });
		writeFileSync(join(folder.dir, '.npmrc'), NPMRC);
		const started = Date.now();
		await folder.install();
		const problems = folder.check();
		if (problems.length > 0) {
			throw new Error(
				`The install of ${folder.what} in ${folder.dir} is not usable:\n  ${problems.join('\n  ')}`,
			);
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		writeFileSync(
			stamp,
			JSON.stringify({ what: folder.what, installed: new Date(), seconds }, null, 2),
		);
		log(`${folder.what} installed in ${seconds} s (${folder.dir})`);
		return seconds;
	});
}

/** `npm` with the checkout's `ignore-scripts` (exported by `npm run`) removed, `pathPrefix` first on PATH. */
function npmEnvironment(pathPrefix: readonly string[]): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.npm_config_ignore_scripts;
	env.PATH = [...pathPrefix, env.PATH ?? ''].join(delimiter);
	return env;
}

function versionOf(node: string): string | undefined {
	try {
		return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
	} catch {
		return undefined;
	}
}

/** The Node.js running this script: n8n 2.8.4's. */
function currentRuntime(): NodeRuntime {
	return {
		node: process.execPath,
		pathPrefix: [dirname(process.execPath)],
		version: process.version,
	};
}

/**
 * Node.js `major` from the registry's `node` package (a real binary, no compiler needed), in
 * `<cache>/node-<major>`: about 20 s and 120 MB on first use.
 */
export async function ensureNodeRuntime(major: number, log: Log): Promise<NodeRuntime> {
	const dir = join(CACHE_DIR, `node-${major}`);
	const binDir = join(dir, 'node_modules', 'node', 'bin');
	const node = join(binDir, 'node');
	const folder: CachedInstall = {
		dir,
		what: `Node.js ${major}`,
		check: () => {
			const version = existsSync(node) ? versionOf(node) : undefined;
			return version?.startsWith(`v${major}.`)
				? []
				: [`${node} is not Node.js ${major} (${version})`];
		},
		install: async () => {
			log(`Installing Node.js ${major} into ${dir} (first run only: about 20 s)`);
			writeFileSync(
				join(dir, 'package.json'),
				`${JSON.stringify({ name: `node-${major}-runtime`, private: true }, null, 2)}\n`,
			);
			// The `node` package fetches its platform's binary package in an install script.
			await runCommand(
				'npm',
				[
					'install',
					`node@${major}`,
					'--ignore-scripts=false',
					'--no-audit',
					'--no-fund',
					'--loglevel=error',
				],
				{ cwd: dir, env: npmEnvironment([]), inheritOutput: true },
			);
		},
	};
	await ensureCached(folder, log);
	return { node, pathPrefix: [binDir], version: versionOf(node) ?? `v${major}` };
}

/** Problems of an n8n install in `dir` run by `runtime`; empty when it is complete. */
function n8nProblems(dir: string, version: string, runtime: NodeRuntime): string[] {
	const n8nDir = join(dir, 'node_modules', 'n8n');
	const installed = readJson(join(n8nDir, 'package.json'))?.version;
	if (installed !== version) return [`n8n ${version} is not in ${n8nDir} (found ${installed})`];
	// npm writes the lock file when the whole tree is in place: no lock file, no finished install.
	if (!existsSync(join(dir, 'package-lock.json'))) return [`npm did not finish in ${dir}`];
	if (!existsSync(join(n8nDir, 'bin', 'n8n'))) return [`${n8nDir}/bin/n8n is missing`];
	// n8n's own database is SQLite: without the compiled driver it cannot start.
	return sqliteProblems(n8nDir, runtime);
}

const SQLITE_BINDING = join('node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

/** Problems loading sqlite3 from `n8nDir` under `runtime`; empty when it loads. */
function sqliteProblems(n8nDir: string, runtime: NodeRuntime): string[] {
	try {
		execFileSync(runtime.node, ['-e', 'require("sqlite3")'], {
			cwd: n8nDir,
			env: npmEnvironment(runtime.pathPrefix),
			stdio: 'pipe',
		});
		return [];
	} catch (error) {
		const stderr = String((error as { stderr?: Buffer }).stderr ?? error).split('\n');
		return [
			`sqlite3 does not load under Node.js ${runtime.version}: ${stderr.slice(0, 3).join(' ')}`,
		];
	}
}

/**
 * Copies the compiled sqlite3 of another n8n folder of the cache into `dir` when it is the same
 * sqlite3 version and loads under `runtime`; returns whether it did.
 */
function copySqliteBuild(dir: string, runtime: NodeRuntime): boolean {
	const sqliteVersion = (n8nFolder: string) =>
		readJson(join(n8nFolder, 'node_modules', 'sqlite3', 'package.json'))?.version;
	const wanted = sqliteVersion(dir);
	const donor = readdirSync(CACHE_DIR)
		.filter((name) => name.startsWith('n8n-') && !name.endsWith('.lock'))
		.map((name) => join(CACHE_DIR, name))
		.find(
			(folder) =>
				folder !== dir &&
				existsSync(join(folder, SQLITE_BINDING)) &&
				sqliteVersion(folder) === wanted,
		);
	if (!donor || wanted === undefined) return false;
	mkdirSync(dirname(join(dir, SQLITE_BINDING)), { recursive: true });
	copyFileSync(join(donor, SQLITE_BINDING), join(dir, SQLITE_BINDING));
	if (sqliteProblems(join(dir, 'node_modules', 'n8n'), runtime).length === 0) return true;
	rmSync(join(dir, SQLITE_BINDING), { force: true });
	return false;
}

/**
 * Installs `release` into `<cache>/n8n-<version>` unless a checked install is there, bringing the
 * Node.js it needs. Install scripts run only where the release needs them (see N8nRelease).
 */
export async function ensureN8nInstalled(release: N8nRelease, log: Log): Promise<N8nInstall> {
	const runtime =
		release.nodeMajor === undefined
			? currentRuntime()
			: await ensureNodeRuntime(release.nodeMajor, log);
	const dir = join(CACHE_DIR, `n8n-${release.version}`);
	const env = npmEnvironment(runtime.pathPrefix);
	const npm = (args: string[]) => runCommand('npm', args, { cwd: dir, env, inheritOutput: true });
	const folder: CachedInstall = {
		dir,
		what: release.label,
		check: () => n8nProblems(dir, release.version, runtime),
		install: async () => {
			log(
				`Installing ${release.label} into ${dir} (first run only: 5-12 minutes and 2-3 GB; later runs reuse it)`,
			);
			const manifest = {
				name: `n8n-${release.version.replace(/\./g, '-')}-runtime`,
				private: true,
				description:
					'Installed by n8n-nodes-interaction-log (scripts/real-n8n/install.ts) for its demo and tests.',
				dependencies: { n8n: release.version },
				...(release.overrides ? { overrides: release.overrides } : {}),
			};
			writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
			await npm([
				'install',
				`--ignore-scripts=${!release.installScripts}`,
				'--prefer-offline',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			]);
			if (!release.installScripts) {
				// sqlite3's prebuilt download fails offline, so it is compiled; it is N-API, so a
				// build of the same version made for another n8n of the cache loads here too (one
				// compile fewer on a machine installing both). Nothing else n8n needs to start has
				// a native part to build.
				if (!copySqliteBuild(dir, runtime)) {
					log(`Compiling sqlite3 for ${release.label} (about 3 minutes)`);
					await npm(['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error']);
				}
			}
		},
	};
	const installSeconds = await ensureCached(folder, log);
	return {
		release,
		bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		runtime,
		installSeconds,
	};
}
