// n8n's community-package scanner (@n8n/scan-community-package, the gate n8n runs before it lists
// or verifies a package) on this package before it is published. The scanner's CLI only takes a
// published name: it checks npm provenance, downloads the attested source from GitHub and the
// tarball from the registry, then lints both. Here the two lint passes run as its code runs them
// (its own ESLint configuration, buildScanConfig, and its own file patterns), on the checkout as
// the source and on the packed tarball as the artifact. The provenance check has nothing to check
// before publishing (it reads the registry's attestation), so it is left out and said so.
//
// Findings of the rules in ACCEPTED stand, for the reasons given (README, "n8n's package
// scanner"); any other finding fails the run.
//
//   node scripts/scan-package.mjs [package.tgz]    (packs the checkout when no tarball is given)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNER_VERSION = require('@n8n/scan-community-package/package.json').version;

/** The scanner's patterns for the compiled artifact (analyzePackageByName's second pass). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** Rules whose findings stand, and why (the README says the same). */
const ACCEPTED = {
	'@n8n/community-nodes/no-runtime-dependencies':
		'the log lives in PostgreSQL: knex, pg and PGlite are needed at run time (pure JS/WASM, they install with scripts off)',
	'@n8n/community-nodes/no-restricted-imports':
		'an n8n Cloud rule: the package imports its database libraries and node:fs/os/path (the embedded database is a folder on disk)',
	'@n8n/community-nodes/no-restricted-globals':
		'an n8n Cloud rule: `process` for the CLI and the default data folder, timers for the idle-pool sweeper and the migration lock wait',
	'n8n-nodes-base/cred-class-field-display-name-missing-api':
		'the credential is a database connection, not an HTTP API: "Interaction Log Database" names it',
};

async function lint(cwd, patterns) {
	// As the scanner's analyzePackage: its configuration only, inline eslint comments ignored.
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	return {
		files: files.length,
		findings: results.flatMap((result) =>
			result.messages
				.filter((message) => message.severity === 2)
				.map((message) => ({
					rule: message.ruleId ?? '(parse error)',
					where: `${relative(cwd, result.filePath)}:${message.line}`,
					message: message.message,
				})),
		),
	};
}

function packedTarball() {
	const given = process.argv[2];
	if (given) return { tarball: given, cleanUp: () => {} };
	const dir = mkdtempSync(join(tmpdir(), 'interaction-log-scan-'));
	const output = execFileSync(
		'npm',
		['pack', '--json', '--pack-destination', dir, '--loglevel=error'],
		{
			cwd: ROOT,
			encoding: 'utf8',
		},
	);
	const [packed] = JSON.parse(output.slice(output.indexOf('[')));
	return {
		tarball: join(dir, packed.filename),
		cleanUp: () => rmSync(dir, { recursive: true, force: true }),
	};
}

const { tarball, cleanUp } = packedTarball();
const unpacked = mkdtempSync(join(tmpdir(), 'interaction-log-scan-package-'));
try {
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	console.log(
		`n8n's community-package scanner ${SCANNER_VERSION} on ${manifest.name}@${manifest.version} (not published: its provenance check has nothing to read and is skipped)`,
	);
	const passes = [
		['source', await lint(ROOT, SOURCE_FILE_PATTERNS)],
		['tarball', await lint(unpacked, TARBALL_FILE_PATTERNS)],
	];
	const unaccepted = [];
	for (const [pass, { files, findings }] of passes) {
		console.log(`  ${pass}: ${files} files linted, ${findings.length} findings`);
		const byRule = new Map();
		for (const finding of findings) {
			byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
		}
		for (const [rule, found] of byRule) {
			const reason = ACCEPTED[rule];
			if (reason) {
				console.log(`    stands: ${rule} ×${found.length} (${reason})`);
			} else {
				unaccepted.push(...found);
			}
		}
	}
	for (const finding of unaccepted) {
		console.log(`  ✘ ${finding.where}  ${finding.rule}: ${finding.message}`);
	}
	if (unaccepted.length > 0) {
		console.log(`${unaccepted.length} finding(s) to fix`);
		process.exitCode = 1;
	} else {
		console.log('  no other findings');
	}
} finally {
	rmSync(unpacked, { recursive: true, force: true });
	cleanUp();
}
