import type { Knex } from 'knex';

import { runWriteBatch, type WritePlan } from '../../lib/core';
import { describeDatabaseError } from '../../lib/db';
import { BACKENDS } from '../support/backends';
import { useTestDatabase } from '../support/database';

// The batch runner with a write that the database refuses as a whole whenever one given item is
// in it (a division by zero in the same statement): the runner has to find the item itself.

describe.each(BACKENDS)('%s: the batch runner', (backend) => {
	const t = useTestDatabase(backend);

	/** Writes the items' numbers into a scratch table; fails as a statement when `bad` is among them. */
	function plan(
		count: number,
		bad: ReadonlySet<number>,
		calls: number[][],
	): WritePlan<{ n: number }> {
		return {
			decided: Array.from({ length: count }, () => undefined),
			itemsPerTransaction: 100,
			async write(trx: Knex.Transaction, indexes) {
				calls.push([...indexes]);
				const divisor = indexes.some((index) => bad.has(index)) ? 0 : 1;
				await trx.raw(`insert into batch_probe (n) select n / ? from unnest(?::int[]) as n`, [
					divisor,
					indexes as number[],
				]);
				return new Map(indexes.map((index) => [index, { duplicate: false, n: index }]));
			},
		};
	}

	beforeEach(async () => {
		await t.db.raw('drop table if exists batch_probe');
		await t.db.raw('create table batch_probe (n int primary key)');
	});

	it('Transaction mode names the item the database refused, rolls back every other one, writes nothing', async () => {
		const calls: number[][] = [];
		const outcomes = await runWriteBatch(t.db, plan(300, new Set([137]), calls), 'transaction');
		expect(outcomes[137]).toMatchObject({ status: 'failed' });
		const failed = outcomes[137] as { error: unknown };
		expect(describeDatabaseError(failed.error).message).toBe(
			'The database refused the statement (PostgreSQL error 22012)',
		);
		expect(outcomes.filter((o) => o.status === 'rolledBack')).toHaveLength(299);
		expect(outcomes.every((o) => o.status !== 'rolledBack' || o.causeIndex === 137)).toBe(true);
		expect(await t.db('batch_probe').count<{ n: number }[]>('* as n')).toEqual([{ n: 0 }]);
	});

	it('Independently mode writes every other item, halving to the culprits instead of going item by item', async () => {
		const calls: number[][] = [];
		const outcomes = await runWriteBatch(
			t.db,
			plan(1000, new Set([5, 505, 999]), calls),
			'independently',
		);
		expect(outcomes.map((o, i) => (o.status === 'failed' ? i : -1)).filter((i) => i >= 0)).toEqual([
			5, 505, 999,
		]);
		expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(997);
		expect(await t.db('batch_probe').count<{ n: number }[]>('* as n')).toEqual([{ n: 997 }]);
		// Ten transactions of 100, three of them halved down to their culprit: far fewer than 1,000.
		expect(calls.length).toBeLessThan(60);
	});
});
