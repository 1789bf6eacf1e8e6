#!/usr/bin/env node
// Command line of the package: `interaction-log migrate [--url …] [--status]`. Runs the built code.
const { runCli } = require('../dist/lib/db/cli');

runCli(
	process.argv.slice(2),
	(line) => process.stdout.write(`${line}\n`),
	(line) => process.stderr.write(`${line}\n`),
).then((code) => {
	process.exitCode = code;
});
