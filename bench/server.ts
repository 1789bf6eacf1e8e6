import { Client } from 'pg';

/** A benchmark asked for a backend it cannot use: run.ts prints the message and exits 1. */
export class BackendUnavailable extends Error {}

const withoutPassword = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * The PostgreSQL URL a benchmark was asked to use, once a connection to it works: a benchmark
 * that asked for the server and cannot reach it fails, instead of printing a table without it.
 */
export async function reachableServer(url: string | undefined, bench: string): Promise<string> {
	if (!url) {
		throw new BackendUnavailable(
			`${bench}: PostgreSQL was asked for, but no URL is set (INTERACTION_LOG_BENCH_PG_URL or INTERACTION_LOG_TEST_PG_URL)`,
		);
	}
	const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
	try {
		await client.connect();
		await client.query('select 1');
	} catch (error) {
		throw new BackendUnavailable(
			`${bench}: PostgreSQL at ${withoutPassword(url)} cannot be reached: ${(error as Error).message}`,
		);
	} finally {
		await client.end().catch(() => undefined);
	}
	return url;
}
