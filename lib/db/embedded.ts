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

function readLockOwner(lockPath: string): number | undefined {
	try {
		const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
		return Number.isFinite(pid) ? pid : undefined;
	} catch {
		return undefined;
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
			writeSync(fd, String(process.pid));
			closeSync(fd);
			heldLocks.add(lockPath);
			return lockPath;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = readLockOwner(lockPath);
			if (owner !== undefined && owner !== process.pid && processIsAlive(owner)) {
				throw new InteractionLogError(
					'CONFIGURATION',
					`The embedded database in "${directory}" is already open in another process (pid ${owner})`,
					{
						field: 'dataDirectory',
						value: directory,
						hint: 'An embedded database serves one process. Give each n8n process its own data directory, or use the PostgreSQL mode when several processes (queue mode workers) share the log.',
					},
				);
			}
			// Left behind by a process that ended without cleaning up: take it over.
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

/** Opens (creating if needed) the PGlite store in `directory`, locked to this process, in UTC. */
export async function openEmbeddedStore(directory: string): Promise<EmbeddedStore> {
	mkdirSync(directory, { recursive: true });
	const lockPath = lockDirectory(directory);
	try {
		const pglite = new PGlite(directory, {
			parsers: { 20: parseNumeric, 1700: parseNumeric, 1082: (value: string) => value },
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
