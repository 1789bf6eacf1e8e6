// The n8n releases an e2e run covers: every tested one, or those INTERACTION_LOG_E2E_N8N names
// (comma-separated versions). The global setup installs them and hands their paths over here.
import { ensureN8nInstalled, type N8nInstall } from '../../../scripts/real-n8n/install';
import { n8nReleases, type N8nRelease } from '../../../scripts/real-n8n/versions';

export const E2E_RELEASES: readonly N8nRelease[] = n8nReleases(process.env.INTERACTION_LOG_E2E_N8N);

/** Where the global setup leaves the installs (JSON), for the test files. */
export const E2E_INSTALLS_VARIABLE = 'INTERACTION_LOG_E2E_INSTALLS';

/** The install of `release`: the global setup's, or made now when a file runs without it. */
export async function installOf(release: N8nRelease): Promise<N8nInstall> {
	const handed = JSON.parse(process.env[E2E_INSTALLS_VARIABLE] ?? '[]') as N8nInstall[];
	return (
		handed.find((install) => install.release.version === release.version) ??
		(await ensureN8nInstalled(release, (line) => process.stdout.write(`${line}\n`)))
	);
}
