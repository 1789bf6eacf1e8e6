import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { postgresConfigFromUrl, validateSchemaName } from '../../lib/db';
import { describeConnectionError } from '../../lib/db';
import {
	closeAllDatabases,
	createKnex,
	evictIdleDatabases,
	IDLE_TIMEOUT_MS,
	getDatabase,
	testConnection,
} from '../../lib/db';
import { migrations } from '../../migrations';
import { BACKENDS, TEST_PG_URL } from '../support/backends';
import { freshConfig } from '../support/database';

const CLI = join(__dirname, '..', '..', 'bin', 'interaction-log.js');

/** Runs the built CLI in its own process. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], {
			env: { ...process.env, NODE_OPTIONS: '' },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
	});
}

describe('validateSchemaName', () => {
	it.each(['interaction_log', '_x', 'a1_b2'])('accepts %s', (name) => {
		expect(validateSchemaName(name)).toBe(name);
	});

	it.each(['x; drop table y', 'Public', '1abc', '', 'a"b', 'a'.repeat(64)])(
		'refuses %j',
		(name) => {
			expect(() => validateSchemaName(name)).toThrow(
				expect.objectContaining({
					code: 'CONFIGURATION',
					details: expect.objectContaining({ field: 'schema' }),
				}),
			);
		},
	);
});

describe('describeConnectionError', () => {
	const config = postgresConfigFromUrl('postgres://ann:secret@db.example:5432/crm');

	it.each([
		['ECONNREFUSED', /connection refused/],
		['ENOTFOUND', /does not resolve/],
		['28P01', /refused the password for user "ann"/],
		['3D000', /database does not exist/],
		['53300', /too many connections/],
	])('words %s for a workflow builder', (code, message) => {
		expect(describeConnectionError({ code, message: 'raw' }, config)?.message).toMatch(message);
	});

	it('says how to size Max Connections against workers x concurrency when the server is full', () => {
		const full = describeConnectionError(
			{ code: '53300', message: 'sorry, too many clients already' },
			{ ...config, maxConnections: 7 },
		);
		expect(full).toMatchObject({
			code: 'CONNECTION',
			message: expect.stringContaining('sorry, too many clients already'),
			details: {
				hint: expect.stringMatching(
					/Max Connections \(now 7\).*processes x Max Connections.*max_connections.*concurrency/s,
				),
			},
		});
	});

	it('leaves other errors alone', () => {
		expect(describeConnectionError({ code: '23505' }, config)).toBeUndefined();
	});
});

describe.each(BACKENDS)('%s: connections', (backend) => {
	afterEach(async () => await closeAllDatabases());

	it('reuses one instance per credential and migrates it once', async () => {
		const config = freshConfig(backend);
		const first = await getDatabase(config);
		const second = await getDatabase({ ...config });
		expect(second).toBe(first);
		const applied = await first
			.withSchema(config.schema)
			.table('knex_migrations')
			.count<{ count: number }[]>('* as count');
		expect(applied[0].count).toBe(migrations.length);
	});

	it('destroys an instance idle for the timeout, and opens a new one on next use', async () => {
		const config = freshConfig(backend);
		const first = await getDatabase(config);
		await evictIdleDatabases(Date.now() + IDLE_TIMEOUT_MS - 1000);
		expect(await getDatabase(config)).toBe(first);
		await evictIdleDatabases(Date.now() + IDLE_TIMEOUT_MS + 1000);
		await expect(first.raw('select 1')).rejects.toThrow();
		const second = await getDatabase(config);
		expect(second).not.toBe(first);
		expect((await second.raw<{ rows: unknown[] }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
	});

	it('counts every query as use, so a run longer than the timeout keeps its instance', async () => {
		const config = freshConfig(backend);
		const db = await getDatabase(config);
		const later = Date.now() + IDLE_TIMEOUT_MS + 60_000;
		const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
		try {
			await db.raw('select 1');
		} finally {
			clock.mockRestore();
		}
		await evictIdleDatabases(later + 1000);
		expect(await getDatabase(config)).toBe(db);
	});

	it('runs the session in UTC and returns numbers for numeric and bigint', async () => {
		const db = await getDatabase(freshConfig(backend));
		const { rows } = await db.raw<{ rows: Array<Record<string, unknown>> }>(
			"select current_setting('TimeZone') as tz, 12.50::numeric as cost, 9007199254740991::bigint as big, '2026-03-29'::date as day",
		);
		expect(rows[0]).toEqual({ tz: 'UTC', cost: 12.5, big: 9007199254740991, day: '2026-03-29' });
	});

	it('refuses to open a schema without the log when auto-migrate is off, and says how to fix it', async () => {
		const config = freshConfig(backend, { autoMigrate: false });
		await expect(getDatabase(config)).rejects.toMatchObject({
			code: 'CONFIGURATION',
			message: expect.stringContaining(`"${config.schema}" holds no interaction log`),
		});
		const result = await testConnection(config);
		expect(result).toEqual({
			ok: false,
			message: expect.stringContaining('Run Migrations Automatically'),
		});
	});

	it('passes the credential test without creating anything, and without touching the shared pool', async () => {
		const config = freshConfig(backend);
		expect(await testConnection(config)).toEqual({
			ok: true,
			message: expect.stringContaining('created on first use'),
		});
		const db = await getDatabase(config);
		expect(await testConnection(config)).toEqual({
			ok: true,
			message: expect.stringContaining('is ready'),
		});
		expect(await db.raw('select 1 as one')).toBeTruthy();
	});

	it('refuses a schema name that carries SQL and creates nothing', async () => {
		const config = { ...freshConfig(backend), schema: 'x; drop table y' };
		await expect(getDatabase(config)).rejects.toMatchObject({ code: 'CONFIGURATION' });
		expect(await testConnection(config)).toEqual({
			ok: false,
			message: expect.stringContaining('is not allowed'),
		});
	});
});

(TEST_PG_URL ? describe : describe.skip)('postgres: failures and concurrency', () => {
	afterEach(async () => await closeAllDatabases());

	it('explains an unreachable server', async () => {
		const config = postgresConfigFromUrl('postgres://postgres@127.0.0.1:1/test', {
			connectionTimeoutMs: 2000,
		});
		const result = await testConnection(config);
		expect(result).toEqual({ ok: false, message: expect.stringContaining('connection refused') });
		await expect(getDatabase(config)).rejects.toMatchObject({ code: 'CONNECTION' });
	});

	it('explains a login the server refuses', async () => {
		const url = new URL(TEST_PG_URL!);
		url.username = 'no_such_role_here';
		const result = await testConnection(postgresConfigFromUrl(url.toString()));
		expect(result).toEqual({ ok: false, message: expect.stringMatching(/refused the login|role/) });
	});

	it('explains a refusal for too many connections (53300) with the connection budget', async () => {
		// A role with no connection slot: the server answers 53300 as when max_connections is reached.
		const role = `interaction_log_full_${process.pid}`;
		const admin = await createKnex(postgresConfigFromUrl(TEST_PG_URL!));
		await admin.raw('create role ?? login connection limit 0', [role]);
		try {
			const url = new URL(TEST_PG_URL!);
			url.username = role;
			const config = postgresConfigFromUrl(url.toString(), { maxConnections: 3, url: undefined });
			await expect(getDatabase(config)).rejects.toMatchObject({
				code: 'CONNECTION',
				message: expect.stringMatching(/refused the connection: too many connections/),
				details: { hint: expect.stringContaining('Max Connections (now 3)') },
			});
			expect(await testConnection(config)).toEqual({
				ok: false,
				message: expect.stringContaining('too many connections'),
			});
		} finally {
			await admin.raw('drop role if exists ??', [role]);
			await admin.destroy();
		}
	});

	it('lets two processes migrate one empty database at once: both succeed, the schema is applied once', async () => {
		const config = freshConfig('postgres');
		const args = ['migrate', '--url', TEST_PG_URL!, '--schema', config.schema];
		const results = await Promise.all([runCli(args), runCli(args)]);
		expect(results.map((r) => r.code)).toEqual([0, 0]);
		const db = await createKnex(config);
		try {
			const names = await db.withSchema(config.schema).table('knex_migrations').pluck('name');
			expect(names).toEqual(migrations.map((m) => m.name));
			expect(results.map((r) => r.stdout).join('')).toContain(
				`Applied ${migrations.length} migration`,
			);
		} finally {
			await db.raw('drop schema ?? cascade', [config.schema]);
			await db.destroy();
		}
	});
});

describe('pglite: one process per data directory', () => {
	afterEach(async () => await closeAllDatabases());

	it('gives a second process a clear error instead of opening the same directory', async () => {
		const config = freshConfig('pglite');
		await getDatabase(config);
		if (config.kind !== 'embedded') throw new Error('expected an embedded config');
		const result = await runCli([
			'migrate',
			'--dir',
			config.dataDirectory,
			'--schema',
			config.schema,
		]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/already open in another process \(pid \d+\)/);
	});
});

describe('pglite: memory', () => {
	afterEach(async () => await closeAllDatabases());

	it('keeps a 32 MB buffer cache, not initdb 128 MB, and leaves postgresql.conf as initdb wrote it', async () => {
		const config = freshConfig('pglite');
		const db = await getDatabase(config);
		if (config.kind !== 'embedded') throw new Error('expected an embedded config');
		const { rows } = await db.raw<{ rows: { buffers: string }[] }>(
			"select current_setting('shared_buffers') as buffers",
		);
		expect(rows).toEqual([{ buffers: '32MB' }]);
		expect(readFileSync(join(config.dataDirectory, 'postgresql.conf'), 'utf8')).toMatch(
			/^shared_buffers = 128MB/m,
		);
	});
});
