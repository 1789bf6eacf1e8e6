// `npm run n8n:install [-- 2.41.1]`: installs the tested n8n releases (all, or the versions given)
// into the user's cache folder now, in parallel, instead of on first use; prints what each took.
// CI starts it early in the background so that the installs overlap the unit tests.
import { CACHE_DIR, ensureN8nInstalled } from './real-n8n/install';
import { n8nReleases } from './real-n8n/versions';

async function main() {
	const releases = n8nReleases(process.argv.slice(2).join(','));
	const log = (line: string) => console.log(line);
	const started = Date.now();
	const installs = await Promise.all(releases.map((release) => ensureN8nInstalled(release, log)));
	for (const install of installs) {
		const how =
			install.installSeconds === undefined
				? 'already installed'
				: `installed in ${install.installSeconds} s`;
		console.log(`${install.release.label}: ${how}`);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	console.log(`n8n installs ready in ${seconds} s (${CACHE_DIR})`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
