// Prints the failed tests of a jest JSON report (`--json --outputFile`), each distinct failure
// message once and short, so that the end of a long CI log says what failed and why.
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const seen = new Map();
for (const suite of report.testResults) {
	const failed = suite.assertionResults.filter((test) => test.status === 'failed');
	// A suite that failed to run at all (its beforeAll or an import) has a message of its own.
	if (failed.length === 0 && suite.status === 'failed' && suite.message) {
		seen.set(suite.message, [suite.name]);
	}
	for (const test of failed) {
		const message = test.failureMessages.join('\n') || '(no message)';
		seen.set(message, [...(seen.get(message) ?? []), test.fullName]);
	}
}
if (seen.size === 0) process.exit(0);
console.log(`=== failures (${report.numFailedTests} tests; each cause once):`);
for (const [message, names] of seen) {
	const shown =
		names.length > 3 ? [...names.slice(0, 3), `... and ${names.length - 3} more`] : names;
	console.log(`--- ${shown.join('\n--- ')}`);
	console.log(
		message
			.split('\n')
			.filter((line) => !/^\s+at .*node_modules/.test(line))
			.slice(0, 25)
			.join('\n'),
	);
}
