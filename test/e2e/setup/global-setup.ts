// Once per `npm run test:e2e`: the pinned n8n (installed on first use, then reused from
// .n8n-demo/n8n) and the package packed from the build that `npm run test:e2e` just made.
import { ensureN8nInstalled } from '../../../scripts/real-n8n/install';
import { packPackage } from '../../../scripts/real-n8n/package-install';

export default async function globalSetup() {
	const log = (line: string) => process.stdout.write(`${line}\n`);
	await ensureN8nInstalled(log);
	process.env.INTERACTION_LOG_E2E_TARBALL = await packPackage();
}
