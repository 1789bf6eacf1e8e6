// This package as a user gets it: `npm pack` of the built checkout, unpacked into n8n's
// community-nodes folder and installed there the way n8n's own installer does it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACK_DIR, PACKAGE_NAME, REPO_ROOT } from './paths';
import { runCommand } from './processes';

interface PackResult {
	readonly filename: string;
	readonly files: readonly { readonly path: string }[];
}

interface PackageManifest {
	readonly version: string;
	readonly n8n: { readonly nodes: readonly string[]; readonly credentials: readonly string[] };
	readonly [field: string]: unknown;
}

function readManifest(path: string): PackageManifest {
	return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;
}

/** Packs the built checkout into `.n8n-demo/pack/` and checks every file n8n loads is inside. */
export async function packPackage(): Promise<string> {
	const manifest = readManifest(join(REPO_ROOT, 'package.json'));
	const expected = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const missing = expected.filter((file) => !existsSync(join(REPO_ROOT, file)));
	if (missing.length > 0) {
		throw new Error(`Build the package first (npm run build): ${missing.join(', ')} missing`);
	}
	mkdirSync(PACK_DIR, { recursive: true });
	const output = await runCommand(
		'npm',
		['pack', '--json', '--pack-destination', PACK_DIR, '--loglevel=error'],
		{ cwd: REPO_ROOT },
	);
	const [result] = JSON.parse(output.slice(output.indexOf('['))) as PackResult[];
	const packed = new Set(result.files.map((file) => file.path));
	const notPacked = expected.filter((file) => !packed.has(file));
	if (notPacked.length > 0) {
		throw new Error(
			`The packed tarball lacks ${notPacked.join(', ')}: was dist/ rebuilt meanwhile?`,
		);
	}
	return join(PACK_DIR, result.filename);
}

// What n8n 2.8's community package installer passes to npm (community-packages.service).
const N8N_NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` as n8n's installer does: unpack into
 * `node_modules/<name>`, drop dev, peer and optional dependencies, `npm install` inside it with
 * install scripts off, and record it in the folder's package.json. n8n then loads its nodes as
 * `n8n-nodes-interaction-log.<node>`. An unchanged tarball is not installed twice.
 */
export async function installPackageInto(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	const stamp = join(packageDir, '.installed-from-sha256');
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;

	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	await runCommand('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		cwd: nodesDir,
	});
	const manifestPath = join(packageDir, 'package.json');
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...runtime } =
		readManifest(manifestPath);
	writeFileSync(manifestPath, JSON.stringify(runtime, null, 2));
	await runCommand(
		'npm',
		['install', ...N8N_NPM_INSTALL_ARGS, '--prefer-offline', '--loglevel=error'],
		{
			cwd: packageDir,
		},
	);

	const folderManifestPath = join(nodesDir, 'package.json');
	const folderManifest = existsSync(folderManifestPath)
		? JSON.parse(readFileSync(folderManifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	folderManifest.dependencies = { ...folderManifest.dependencies, [PACKAGE_NAME]: runtime.version };
	writeFileSync(folderManifestPath, JSON.stringify(folderManifest, null, 2));
	writeFileSync(stamp, digest);
}
