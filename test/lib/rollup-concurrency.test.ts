import type { Knex } from 'knex';

import { closeAllDatabases, getDatabase, type PostgresConfig } from '../../lib/db';
import { checkRollup, foldRollup, logStatistics } from '../../lib/statistics';
import { TEST_PG_URL } from '../support/backends';
import { freshConfig } from '../support/database';

// Entries of one month, template, salesperson and contact: with sums kept in the writer's
// transaction, every writer would update the same sum rows and wait for the others to commit.
const insertEntries = (db: Knex, count: number) =>
	db.raw(
		`insert into interaction_log_entries (occurred_at, template_code, group_code, salesperson_code,
			contact_no, contact_company_no, cost, duration_min)
		select timestamptz '2026-11-02 10:00:00+00' + g * interval '1 minute', 'CALL', 'PHONE', 'JO',
			'P1', 'C1', 1.5, 10
		from generate_series(1, ?::int) g`,
		[count],
	);

const count = async (db: Knex, sql: string) =>
	Number((await db.raw<{ rows: { n: string }[] }>(sql)).rows[0].n);

// Waits for a lock another writer holds. Not the relation extension lock, which concurrent inserts
// into one table take for a moment whenever it grows (seen once in about five runs), sums or not.
const LOCK_WAITS = `select count(*) as n from pg_locks where not granted and locktype <> 'extend'
	and database = (select oid from pg_database where datname = current_database())`;

// Several connections of one pool need the server (PGlite is one connection).
(TEST_PG_URL ? describe : describe.skip)('postgres: writers of the same month at once', () => {
	let config: PostgresConfig;
	let db: Knex;
	beforeAll(async () => {
		config = freshConfig('postgres') as PostgresConfig;
		db = await getDatabase(config);
	});
	afterAll(async () => await closeAllDatabases());

	it('never wait for each other on the sums, a fold included, and the sums stay exact', async () => {
		// 1,000 committed deltas: the next writer's deltas pass delta no. 1,024 and fold these.
		await insertEntries(db, 1000);
		const writers = await Promise.all([0, 1, 2].map(() => db.transaction()));
		try {
			// A wait on any lock fails the statement within 200 ms instead of waiting.
			for (const trx of writers) await trx.raw("set local lock_timeout = '200ms'");
			// The first folds the 1,000 in its open transaction and keeps the fold lock and the sum
			// rows it changed until it commits; the second passes 2,048 and leaves the fold to it.
			await insertEntries(writers[0], 100);
			await insertEntries(writers[1], 1000);
			await insertEntries(writers[2], 1);
			// The third sees the 1,000 committed deltas (their fold is not committed) and its own.
			expect(
				await count(writers[2], 'select count(*) as n from interaction_log_rollup_deltas'),
			).toBe(1001);
			// A fold asked for meanwhile finds the lock taken and returns at once.
			await expect(foldRollup(db)).resolves.toEqual({ deltasFolded: 0 });
			expect(await count(db, LOCK_WAITS)).toBe(0);
			// Each open writer sees its own entries in the statistics, exactly.
			const [own] = await logStatistics(writers[1], { groupBy: 'month', timeZone: 'UTC' });
			expect(own).toMatchObject({ key: '2026-11', noOfInteractions: 2000, cost: 3000 });
		} finally {
			await Promise.all(writers.map((trx) => trx.commit()));
		}
		expect(await checkRollup(db)).toMatchObject({ consistent: true });
		const [all] = await logStatistics(db, { groupBy: 'salesperson', timeZone: 'UTC' });
		expect(all).toMatchObject({ key: 'JO', noOfInteractions: 2101, durationMin: 21010 });
		// The rest folds on request, and the sums stay the same.
		expect((await foldRollup(db)).deltasFolded).toBe(1101);
		expect(await count(db, 'select count(*) as n from interaction_log_rollup_deltas')).toBe(0);
		expect(await checkRollup(db)).toMatchObject({ consistent: true });
	});

	it('let eight connections write the same month at once with no lock wait', async () => {
		await db.raw('truncate interaction_log_entries cascade');
		let waits = 0;
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				waits += await count(db, LOCK_WAITS);
				await new Promise((resolve) => setTimeout(resolve, 2));
			}
		})();
		// A pool of its own with a connection for each writer.
		const pool = await getDatabase({ ...config, maxConnections: 9 });
		const writers = Array.from({ length: 8 }, async () => {
			for (let i = 0; i < 60; i++) {
				await pool.transaction(async (trx) => {
					await trx.raw("set local lock_timeout = '200ms'");
					await insertEntries(trx, 5);
				});
			}
		});
		await Promise.all(writers);
		sampling = false;
		await sampler;
		expect(waits).toBe(0);
		expect(await checkRollup(db)).toMatchObject({ consistent: true });
		const [all] = await logStatistics(db, { groupBy: 'month', timeZone: 'UTC' });
		expect(all).toMatchObject({ noOfInteractions: 8 * 60 * 5 });
	});
});
