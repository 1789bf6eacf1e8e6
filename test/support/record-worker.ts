// A child process of the concurrency test: records the same document events as its sibling, at
// the same moment. Argument (JSON): { config, count, reverse, batchSize }. Prints "ready" once
// connected, starts on "go" from stdin, then prints the status of each event (recorded,
// duplicate, failed: message) as a JSON array.
import type { ConnectionConfig } from '../../lib/db';
import { closeAllDatabases, getDatabase } from '../../lib/db';
import { recordDocumentEvents, type RecordOutcome } from '../../lib/record';
import { appendAll } from '../../lib/core';

interface WorkerArgs {
	readonly config: ConnectionConfig;
	readonly count: number;
	readonly reverse: boolean;
	readonly batchSize: number;
}

const describe = (o: RecordOutcome) =>
	o.status === 'recorded'
		? o.duplicate
			? 'duplicate'
			: 'recorded'
		: o.status === 'failed'
			? `failed: ${String(o.error)}`
			: o.status;

async function main() {
	const args = JSON.parse(process.argv[2]) as WorkerArgs;
	const db = await getDatabase(args.config);
	const numbers = Array.from({ length: args.count }, (_n, i) => i + 1);
	if (args.reverse) numbers.reverse();
	const events = numbers.map((n) => ({
		documentKind: 'sales_invoice',
		documentNo: `INV-${n}`,
		relation: 'customer',
		externalNo: `C${n % 10}`,
	}));
	await db.raw('select 1');
	process.stdout.write('ready\n');
	await new Promise((resolve) => process.stdin.once('data', resolve));
	const statuses: string[] = [];
	for (let at = 0; at < events.length; at += args.batchSize) {
		const outcomes = await recordDocumentEvents(db, events.slice(at, at + args.batchSize), {
			timeZone: 'UTC',
		});
		appendAll(statuses, outcomes.map(describe));
	}
	process.stdout.write(JSON.stringify(statuses));
	await closeAllDatabases();
}

main().catch((error: unknown) => {
	process.stderr.write(String(error));
	process.exit(1);
});
