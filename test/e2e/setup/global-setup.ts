// Once per `npm run test:e2e`: the tested n8n releases (installed on first use into the user's
// cache folder, in parallel, then reused) and the package packed from the build that
// `npm run test:e2e` just made. INTERACTION_LOG_E2E_N8N=2.41.1 limits the run to one release.
import { ensureN8nInstalled } from '../../../scripts/real-n8n/install';
import { packPackage } from '../../../scripts/real-n8n/package-install';
import { E2E_INSTALLS_VARIABLE, E2E_RELEASES } from '../support/releases';

export default async function globalSetup() {
	const log = (line: string) => process.stdout.write(`${line}\n`);
	const installs = await Promise.all(
		E2E_RELEASES.map((release) => ensureN8nInstalled(release, log)),
	);
	for (const install of installs) {
		const how =
			install.installSeconds === undefined
				? 'reused from the cache'
				: `installed in ${install.installSeconds} s`;
		log(`${install.release.label}: ${how} (${install.bin})`);
	}
	process.env[E2E_INSTALLS_VARIABLE] = JSON.stringify(installs);
	process.env.INTERACTION_LOG_E2E_TARBALL = await packPackage();
}
