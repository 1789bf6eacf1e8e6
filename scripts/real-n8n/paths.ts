// Where the real n8n of the demo and the end-to-end tests lives: everything under `.n8n-demo/`,
// a folder of the checkout that git ignores, so a second run reuses what the first installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** n8n 2.8.4 is the newest n8n that runs on Node 20. */
export const N8N_VERSION = '2.8.4';

export const PACKAGE_NAME = 'n8n-nodes-interaction-log';

/** The checkout: the nearest folder up from here whose package.json is this package. */
function findRepoRoot(start: string): string {
	for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) {
			return dir;
		}
	}
	throw new Error(`No ${PACKAGE_NAME} checkout above ${start}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const DEMO_DIR = join(REPO_ROOT, '.n8n-demo');
/** The pinned n8n install (about 2.3 GB), shared by the demo and the tests. */
export const N8N_INSTALL_DIR = join(DEMO_DIR, 'n8n');
export const N8N_BIN = join(N8N_INSTALL_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** `npm pack` output: the tarball a user would install. */
export const PACK_DIR = join(DEMO_DIR, 'pack');
/** The user folder of `npm run demo` (owner, workflows, credential, embedded log). */
export const DEMO_HOME = join(DEMO_DIR, 'home');
/** The user folder of `npm run demo -- --once`, emptied at the start of each run. */
export const ONCE_HOME = join(DEMO_DIR, 'once');
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
/** Screenshots and n8n logs of the end-to-end tests. */
export const E2E_ARTIFACTS_DIR = join(REPO_ROOT, 'artifacts', 'e2e');
