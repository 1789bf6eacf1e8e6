// The n8n releases this package is tested on, and the Node.js each one runs on.

export interface N8nRelease {
	/** The exact n8n version installed from the registry. */
	readonly version: string;
	/**
	 * The Node.js major it runs on: `undefined` for the Node.js running the scripts (the machine's
	 * Node 20), a number for a Node.js the scripts install next to it (the registry's `node` package).
	 */
	readonly nodeMajor: number | undefined;
	/**
	 * Install n8n with its install scripts: 2.8.4 compiles sqlite3 there. 2.41.1's scripts are
	 * skipped (some need the internet) and only sqlite3 is rebuilt afterwards.
	 */
	readonly installScripts: boolean;
	/** npm `overrides` the install needs. */
	readonly overrides?: Readonly<Record<string, string>>;
	/** What the README and test names call it. */
	readonly label: string;
}

/** The last n8n that runs on Node 20 (the machine's Node). */
export const N8N_2_8: N8nRelease = {
	version: '2.8.4',
	nodeMajor: undefined,
	installScripts: true,
	// n8n-nodes-base depends on xlsx from SheetJS's CDN, which these machines cannot reach; the
	// registry's 0.18.5 is the same library, so the override lets the install finish.
	overrides: { xlsx: '0.18.5' },
	label: 'n8n 2.8.4 (Node 20)',
};

/**
 * The current n8n line, on Node 24. 2.41.1 is the newest release whose pinned dependencies all
 * exist in the registry (2.41.3 pins versions that were never published there).
 */
export const N8N_2_41: N8nRelease = {
	version: '2.41.1',
	nodeMajor: 24,
	installScripts: false,
	label: 'n8n 2.41.1 (Node 24)',
};

/** Every tested release, oldest first. */
export const N8N_RELEASES: readonly N8nRelease[] = [N8N_2_8, N8N_2_41];

/** What `npm run demo` runs unless told otherwise: the newest tested n8n. */
export const NEWEST_N8N = N8N_2_41;

/** The release of an exact version string, e.g. `--n8n 2.8.4`; throws naming the tested ones. */
export function n8nRelease(version: string): N8nRelease {
	const found = N8N_RELEASES.find((release) => release.version === version);
	if (!found) {
		const tested = N8N_RELEASES.map((release) => release.version).join(', ');
		throw new Error(`n8n ${version} is not one of the tested versions (${tested})`);
	}
	return found;
}

/**
 * The releases named by a comma-separated list (e.g. INTERACTION_LOG_E2E_N8N=2.41.1), or all of
 * them when the list is empty.
 */
export function n8nReleases(list: string | undefined): N8nRelease[] {
	const names = (list ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	return names.length === 0 ? [...N8N_RELEASES] : names.map(n8nRelease);
}
