import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import {
	createKnex,
	describeDatabaseError,
	getDatabase,
	postgresConfigFromUrl,
	runCli,
	testConnection,
	validateSchemaName,
} from '../../lib/db';
import { toConnectionConfig } from '../../nodes/shared/connection';
import { TEST_PG_URL } from '../support/backends';
import { freshConfig } from '../support/database';

/** A TCP server on a free port that either never answers or answers like a web server. */
async function fakeServer(answer: 'silent' | 'http'): Promise<{ server: Server; port: number }> {
	const server = createServer((socket) => {
		socket.on('error', () => undefined);
		if (answer === 'http') socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('configuration faults are refused with worded errors', () => {
	it.each(['information_schema', 'pg_catalog', 'pg_toast', 'pg_temp', 'pg_temp_3', 'pg_mine'])(
		"refuses the schema %s as PostgreSQL's own",
		(schema) => {
			expect(() => validateSchemaName(schema)).toThrow(
				expect.objectContaining({
					code: 'CONFIGURATION',
					message: `The schema name "${schema}" belongs to PostgreSQL itself`,
					details: expect.objectContaining({ field: 'schema' }),
				}),
			);
		},
	);

	it.each([-1, 'abc', 0, 70000, 5432.5])(
		'refuses the credential port %p naming the field',
		(port) => {
			expect(() => toConnectionConfig({ mode: 'postgres', host: 'db', port })).toThrow(
				expect.objectContaining({
					code: 'CONFIGURATION',
					message: `The port ${JSON.stringify(port)} is not a TCP port`,
					details: expect.objectContaining({ field: 'port' }),
				}),
			);
		},
	);

	it('prints a worded error, not a stack, for migrate --url "not a url"', async () => {
		const out: string[] = [];
		const err: string[] = [];
		const code = await runCli(
			['migrate', '--url', 'not a url'],
			(l) => out.push(l),
			(l) => err.push(l),
		);
		expect(code).toBe(2);
		expect(err).toEqual([
			'"not a url" is not a PostgreSQL URL. Write it as postgres://user:password@host:5432/database',
		]);
	});

	it('refuses a data directory under /proc at once', async () => {
		await expect(
			getDatabase({
				kind: 'embedded',
				dataDirectory: '/proc/self/il',
				schema: 'il',
				autoMigrate: true,
			}),
		).rejects.toMatchObject({
			code: 'CONFIGURATION',
			message: 'The data directory "/proc/self/il" is on a system pseudo file system',
			details: expect.objectContaining({ field: 'dataDirectory' }),
		});
	});

	it('takes over an embedded lock naming a live but unrelated process (pid reuse)', async () => {
		const config = freshConfig('pglite');
		if (config.kind !== 'embedded') throw new Error('an embedded config was asked for');
		// pid 1 is alive, but did not start when this lock says: the lock is left over.
		writeFileSync(
			join(config.dataDirectory, 'interaction-log.lock'),
			JSON.stringify({ pid: 1, started: '1' }),
		);
		const db = await getDatabase(config);
		expect((await db.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
	});

	it.each([
		['silent', /no answer within the connection timeout/],
		['http', /answered, but not as a PostgreSQL server|was lost/],
	] as const)(
		'the credential test against a %s server fails with a worded message',
		async (answer, message) => {
			const { server, port } = await fakeServer(answer);
			try {
				const result = await testConnection(
					postgresConfigFromUrl(`postgres://u:p@127.0.0.1:${port}/db`, {
						connectionTimeoutMs: 1000,
					}),
				);
				expect(result.ok).toBe(false);
				expect(result.message).toMatch(message);
				expect(result.message).toContain(`127.0.0.1:${port}`);
			} finally {
				server.close();
			}
		},
	);

	(TEST_PG_URL ? it : it.skip)(
		'postgres: the Statement Timeout cancels a longer statement with a worded error',
		async () => {
			const db = await createKnex(
				postgresConfigFromUrl(TEST_PG_URL!, { statementTimeoutMs: 200, maxConnections: 1 }),
			);
			try {
				const error = await db.raw('select pg_sleep(5)').then(
					() => undefined,
					(failure: unknown) => failure,
				);
				expect(describeDatabaseError(error)).toMatchObject({
					code: 'CANCELED',
					message:
						'The statement was canceled (it ran past the statement timeout, or the execution was stopped)',
				});
			} finally {
				await db.destroy();
			}
		},
	);
});
