// `npm run bench -- <name> [args]`: runs bench/<name>.ts, which prints its own table.
import { BackendUnavailable } from './server';

const benches: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
	'contact-upsert': () => import('./contact-upsert'),
	record: () => import('./record'),
	query: () => import('./query'),
	purge: () => import('./purge'),
	webhook: () => import('./webhook'),
};

async function main() {
	const [name, ...args] = process.argv.slice(2);
	const load = name ? benches[name] : undefined;
	if (!load) {
		console.error(`Usage: npm run bench -- <name>; benchmarks: ${Object.keys(benches).join(', ')}`);
		process.exit(2);
	}
	await (await load()).run(args);
}

main().catch((error: unknown) => {
	// A backend that was asked for and cannot be used: its reason alone, then a failed exit.
	console.error(error instanceof BackendUnavailable ? `Benchmark failed: ${error.message}` : error);
	process.exit(1);
});
