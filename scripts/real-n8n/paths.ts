// Where the demo and the end-to-end tests keep their files: the packed package and the demo's
// n8n user folders under `.n8n-demo/` (a folder of the checkout that git ignores). The n8n
// installs themselves live in the user's cache folder (install.ts), shared by every checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
/** `npm pack` output: the tarball a user would install. */
export const PACK_DIR = join(DEMO_DIR, 'pack');
/**
 * The user folder of `npm run demo` on n8n `version` (owner, workflows, credential, embedded
 * log): one per version, for a newer n8n migrates its database beyond what an older one opens.
 */
export const demoHome = (version: string) => join(DEMO_DIR, `home-n8n-${version}`);
/** The user folder of `npm run demo -- --once` on n8n `version`, emptied at the start of each run. */
export const onceHome = (version: string) => join(DEMO_DIR, `once-n8n-${version}`);
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
/** Screenshots and n8n logs of the end-to-end tests. */
export const E2E_ARTIFACTS_DIR = join(REPO_ROOT, 'artifacts', 'e2e');
