// Which n8n the queue-mode setup runs: an install of install.ts (the user's cache folder, one per
// release, each on the Node.js it needs), the newest tested release unless told otherwise.
import { ensureN8nInstalled, type N8nInstall } from './install';
import { n8nRelease, NEWEST_N8N } from './versions';

/** The newest n8n the project tests queue mode on. */
export const QUEUE_N8N_VERSION = NEWEST_N8N.version;

/** n8n `version`, installed on first use (later runs reuse the cached install). */
export async function n8nRuntime(
	version = QUEUE_N8N_VERSION,
	log: (line: string) => void = () => undefined,
): Promise<N8nInstall> {
	return await ensureN8nInstalled(n8nRelease(version), log);
}
