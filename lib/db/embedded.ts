import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { InteractionLogError } from '../core';
import { parseNumeric } from './types';

const LOCK_FILE = 'interaction-log.lock';

// PGlite keeps its whole store in this process's memory and flushes it to the directory: a second
// process writing the same directory would damage it, so a lock file holding our pid guards it.
const heldLocks = new Set<string>();

function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * When process `pid` started (clock ticks since boot, `/proc/<pid>/stat` field 22), or undefined
 * where there is no /proc. With the pid it tells our lock's owner from a process that got the same
 * pid after the owner died (common in containers, where pids restart low).
 */
function processStartOf(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count after it.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch {
		return undefined;
	}
}

interface LockOwner {
	readonly pid: number;
	readonly started?: string;
}

function readLockOwner(lockPath: string): LockOwner | undefined {
	try {
		const text = readFileSync(lockPath, 'utf8');
		if (text.trimStart().startsWith('{')) {
			const owner = JSON.parse(text) as { pid?: unknown; started?: unknown };
			return typeof owner.pid === 'number'
				? { pid: owner.pid, started: typeof owner.started === 'string' ? owner.started : undefined }
				: undefined;
		}
		const pid = Number.parseInt(text, 10); // a lock written by an earlier version: the pid alone
		return Number.isFinite(pid) ? { pid } : undefined;
	} catch {
		return undefined;
	}
}

/** True when the lock's owner still runs: its pid is alive and started when the lock says. */
function ownerIsAlive(owner: LockOwner): boolean {
	if (!processIsAlive(owner.pid)) return false;
	if (owner.started === undefined) return true;
	const started = processStartOf(owner.pid);
	return started === undefined || started === owner.started;
}

// Pseudo file systems: PGlite would spin on them instead of failing.
const NOT_A_DIRECTORY_FOR_DATA = /^\/(proc|sys|dev)(\/|$)/;

/** Refuses a data directory no database can live in, before PGlite is started on it. */
function checkDataDirectory(directory: string): void {
	const refuse = (why: string) =>
		new InteractionLogError('CONFIGURATION', `The data directory "${directory}" ${why}`, {
			field: 'dataDirectory',
			value: directory,
			hint: 'Give a folder on a normal disk that the n8n user may write to, or leave the field empty for the default.',
		});
	if (NOT_A_DIRECTORY_FOR_DATA.test(directory)) throw refuse('is on a system pseudo file system');
	try {
		mkdirSync(directory, { recursive: true });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'an error';
		throw refuse(`cannot be created or used (${code})`);
	}
}

/** Takes the directory's lock for this process, or explains who holds it. */
function lockDirectory(directory: string): string {
	const lockPath = join(directory, LOCK_FILE);
	if (heldLocks.has(lockPath)) {
		throw new InteractionLogError(
			'CONFIGURATION',
			`The embedded database in "${directory}" is already open in this process`,
			{ field: 'dataDirectory', value: directory },
		);
	}
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lockPath, 'wx');
			writeSync(fd, JSON.stringify({ pid: process.pid, started: processStartOf(process.pid) }));
			closeSync(fd);
			heldLocks.add(lockPath);
			return lockPath;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = readLockOwner(lockPath);
			if (owner !== undefined && owner.pid !== process.pid && ownerIsAlive(owner)) {
				throw new InteractionLogError(
					'CONFIGURATION',
					`The embedded database in "${directory}" is already open in another process (pid ${owner.pid})`,
					{
						field: 'dataDirectory',
						value: directory,
						hint: 'An embedded database serves one process. Give each n8n process its own data directory, or use the PostgreSQL mode when several processes (queue mode workers) share the log.',
					},
				);
			}
			// Left behind by a process that ended without cleaning up (its pid may now be another
			// process's, told apart by its start time): take it over.
			unlinkSync(lockPath);
		}
	}
	throw new InteractionLogError('CONFIGURATION', `Could not lock "${directory}"`);
}

function unlockDirectory(lockPath: string) {
	if (!heldLocks.delete(lockPath)) return;
	try {
		unlinkSync(lockPath);
	} catch {
		// Already gone: nothing to release.
	}
}

process.once('exit', () => {
	for (const lockPath of [...heldLocks]) unlockDirectory(lockPath);
});

export interface EmbeddedStore {
	readonly pglite: PGlite;
	close(): Promise<void>;
}

/**
 * PGlite's buffer cache, inside its WebAssembly memory, which never shrinks: initdb's 128 MB made
 * an n8n with the embedded store hold about 390 MB as soon as the store was open, and 590 MB
 * after recording 10,000 items three times; with 32 MB, 280 and 425 MB. Its pages are files
 * cached by the operating system as well: on a log of 1,000,000 entries, reads that miss the
 * smaller cache cost 5-20 % more (a page of 1,000 entries, a contact's latest 50).
 */
const SHARED_BUFFERS = '32MB';

/** Opens (creating if needed) the PGlite store in `directory`, locked to this process, in UTC. */
export async function openEmbeddedStore(directory: string): Promise<EmbeddedStore> {
	checkDataDirectory(directory);
	const lockPath = lockDirectory(directory);
	try {
		const pglite = new PGlite(directory, {
			parsers: { 20: parseNumeric, 1700: parseNumeric, 1082: (value: string) => value },
			startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
		});
		await pglite.waitReady;
		await pglite.exec("SET TIME ZONE 'UTC'");
		return {
			pglite,
			async close() {
				try {
					if (!pglite.closed) await pglite.close();
				} finally {
					unlockDirectory(lockPath);
				}
			},
		};
	} catch (error) {
		unlockDirectory(lockPath);
		throw error;
	}
}
