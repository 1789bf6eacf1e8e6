// Which n8n the queue-mode setup runs, and on which Node.js. n8n 2.41.1 needs Node 24; it is
// installed into the shared cache (one copy per machine) by the team's install script.
// TODO(issue-11): switch to install.ts's cache API once it lands; only this file locates it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { N8N_BIN, N8N_VERSION } from './paths';

export interface N8nRuntime {
	readonly version: string;
	/** n8n's `bin/n8n`. */
	readonly n8nBin: string;
	/** The Node.js that runs it. */
	readonly nodeBinary: string;
}

/** The newest n8n the project tests queue mode on. */
export const QUEUE_N8N_VERSION = '2.41.1';

const CACHE_DIR =
	process.env.INTERACTION_LOG_N8N_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-interaction-log');

function cachedRuntime(
	version: string,
	nodeBinary: string,
	markers: readonly string[],
): N8nRuntime {
	const installDir = join(CACHE_DIR, `n8n-${version}`);
	const n8nBin = join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const missing = [n8nBin, nodeBinary].filter((path) => !existsSync(path));
	if (!markers.some((marker) => existsSync(join(installDir, marker)))) {
		missing.push(markers.map((marker) => join(installDir, marker)).join(' or '));
	}
	if (missing.length > 0) {
		throw new Error(
			`n8n ${version} is not installed in ${installDir} (missing ${missing.join(', ')}); ` +
				'install it there, or point INTERACTION_LOG_N8N_CACHE at a cache that has it',
		);
	}
	return { version, n8nBin, nodeBinary };
}

/**
 * n8n `version`: 2.41.1 from the shared cache on Node 24, or 2.8.4 (the pinned n8n of the demo,
 * on this Node 20) from the cache or `.n8n-demo/n8n`.
 */
export function n8nRuntime(version = QUEUE_N8N_VERSION): N8nRuntime {
	if (version === QUEUE_N8N_VERSION) {
		const node24 = join(CACHE_DIR, 'node-24', 'node_modules', 'node', 'bin', 'node');
		// npm writes package-lock.json once the install has finished; `.installed-raw` comes after
		// the sqlite3 rebuild, which n8n on PostgreSQL does not need.
		return cachedRuntime(version, node24, ['.installed-raw', 'package-lock.json']);
	}
	if (version === N8N_VERSION) {
		const cached = join(CACHE_DIR, `n8n-${version}`, 'node_modules', 'n8n', 'bin', 'n8n');
		const n8nBin = existsSync(cached) ? cached : N8N_BIN;
		return { version, n8nBin, nodeBinary: process.execPath };
	}
	throw new Error(`No n8n ${version} here: use ${QUEUE_N8N_VERSION} or ${N8N_VERSION}`);
}
