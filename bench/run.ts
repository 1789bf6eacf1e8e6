// Runs one benchmark by name: `npm run bench -- <name>` (after a build, `node dist/bench/run.js <name>`).
const benchmarks: Record<string, () => Promise<{ main(): Promise<void> }>> = {
	'contact-upsert': async () => await import('./contact-upsert'),
};

async function run(): Promise<void> {
	const name = process.argv[2];
	const load = name ? benchmarks[name] : undefined;
	if (!load) {
		process.stderr.write(`Usage: npm run bench -- <${Object.keys(benchmarks).join(' | ')}>\n`);
		process.exitCode = 2;
		return;
	}
	await (await load()).main();
}

void run();
