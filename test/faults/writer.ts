// A child process of the fault tests, killed with SIGKILL while it writes. Argument (JSON):
// { config, action: 'record' | 'purge', count, batching }. Prints "writing" when it starts the
// write, then "done" when it finishes (if it lives that long).
import type { ConnectionConfig } from '../../lib/db';
import { closeAllDatabases, getDatabase } from '../../lib/db';
import { purgeCanceled } from '../../lib/purge';
import { recordContactInteractions } from '../../lib/record';

interface WriterArgs {
	readonly config: ConnectionConfig;
	readonly action: 'record' | 'purge';
	readonly count: number;
	readonly batching: 'transaction' | 'independently';
}

async function main() {
	const args = JSON.parse(process.argv[2]) as WriterArgs;
	const db = await getDatabase(args.config);
	await db.raw('select 1');
	process.stdout.write('writing\n');
	if (args.action === 'purge') {
		await purgeCanceled(db, { batchSize: 200, actor: 'killed writer' });
	} else {
		const inputs = Array.from({ length: args.count }, (_x, n) => ({
			contactNo: `CT${n % 10}`,
			templateCode: 'CALL',
			salespersonCode: 'JO',
			description: `call ${n}`,
			comment: `comment ${n}`,
		}));
		await recordContactInteractions(db, inputs, { timeZone: 'UTC', batching: args.batching });
	}
	process.stdout.write('done\n');
	await closeAllDatabases();
}

main().catch((error: unknown) => {
	process.stderr.write(String(error));
	process.exit(1);
});
