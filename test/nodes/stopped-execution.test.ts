import type { Knex } from 'knex';

import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedLoggedSegment } from '../support/seed-log';
import { runNode } from '../support/workflow';

// A stopped execution (n8n's Stop button, or a timeout) stops Cancel Interaction and Query Log at
// their next statement. The stop is fired as a chosen statement is sent (Knex's query event), so
// each test stops the node at the same place on every run and on both backends.

const ENTRIES = 6000;

/**
 * Stops the execution as the `nth` statement matching `sql` is sent, and keeps the statements
 * sent after it.
 */
function stopAt(db: Knex, sql: RegExp, nth = 1) {
	let seen = 0;
	let stop: (() => void) | undefined;
	let after: string[] | undefined;
	const listener = (query: { sql: string }) => {
		if (after) after.push(query.sql);
		else if (sql.test(query.sql) && ++seen === nth) {
			after = [];
			stop?.();
		}
	};
	db.on('query', listener);
	return {
		onStart: (stopExecution: () => void) => (stop = stopExecution),
		/** What was sent after the stop, but the server-side cancel and the rollback. */
		sentAfter: () => (after ?? ['(never stopped)']).filter((q) => !IN_STOP.test(q)),
		done: () => db.removeListener('query', listener),
	};
}

// What stopping sends itself: the cancel of the running statement, and the rollback.
const IN_STOP = /pg_cancel_backend|^rollback/i;

describe.each(BACKENDS)('%s: a stopped execution', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	/** A logged segment with `ENTRIES` entries, all of them canceled or none. */
	async function seedSegment(canceled: boolean): Promise<number> {
		const segment = await seedLoggedSegment(t.db, 'BIG', { canceled });
		await t.db.raw(
			`insert into interaction_log_entries (contact_no, occurred_at, template_code, group_code,
				logged_segment_entry_no, canceled, canceled_at)
			select 'CT' || (g % 100), now(), 'LETTER', 'LETTERS', ?, ?, case when ? then now() end
			from generate_series(1, ?) g`,
			[segment, canceled, canceled, ENTRIES],
		);
		return segment;
	}

	const state = async () => {
		const { rows } = await t.db.raw<{
			rows: { canceled: number; segment: boolean; events: number }[];
		}>(`select (select count(*)::int from interaction_log_entries where canceled) as canceled,
			(select canceled from logged_segments) as segment,
			(select count(*)::int from interaction_log_events) as events`);
		return rows[0];
	};

	describe.each([
		['the lock of the entries', /^select \* from "interaction_log_entries" .* for update$/],
		['the update of the entries', /^update "interaction_log_entries"/],
		['the first audit events', /^insert into "interaction_log_events"/],
	])('Cancel Interaction of a logged segment, stopped at %s', (_at, sql) => {
		it.each([
			['cancel', false],
			['restore', true],
		] as const)('%s: every entry as it was, and a clear error', async (operation, canceled) => {
			const segment = await seedSegment(canceled);
			const stop = stopAt(t.db, sql);
			const parameters = { operation, by: 'loggedSegment', loggedSegmentEntryNo: segment };
			const stopped = await runNode(t.config, 'cancelInteraction', parameters, {
				onStart: stop.onStart,
			}).finally(stop.done);
			expect(stop.sentAfter()).toEqual([]);
			const done = operation === 'cancel' ? 'canceled' : 'restored';
			expect(stopped.error).toMatchObject({
				message: `The execution was stopped: no entry was ${done}`,
				description: `The ${operation} was rolled back as a whole; run again to ${operation} the entries.`,
			});
			expect(await state()).toEqual({
				canceled: canceled ? ENTRIES : 0,
				segment: canceled,
				events: 0,
			});

			// Run again: all of them, once.
			const again = await runNode(t.config, 'cancelInteraction', parameters);
			expect(again.error).toBeUndefined();
			expect(again.items).toHaveLength(ENTRIES);
			expect(await state()).toEqual({
				canceled: canceled ? 0 : ENTRIES,
				segment: !canceled,
				events: ENTRIES + 1,
			});
		});
	});

	it('Query Log Return All reads no page after the stop and returns nothing', async () => {
		await t.db.raw(
			`insert into interaction_log_entries (contact_no, occurred_at, template_code, group_code)
			select 'CT1', now() - g * interval '1 minute', 'CALL', 'PHONE' from generate_series(1, 3500) g`,
		);
		const page = /^select \*, \(extract\(epoch from occurred_at\)/;
		const stop = stopAt(t.db, page, 2);
		const stopped = await runNode(
			t.config,
			'queryLog',
			{ operation: 'getMany', returnAll: true, filters: {} },
			{ onStart: stop.onStart },
		).finally(stop.done);
		// The second page was under way when the stop came; the third was never read.
		expect(stop.sentAfter()).toEqual([]);
		expect(stopped.error).toMatchObject({
			message: 'The execution was stopped: no entries were returned (2,000 read)',
			description: 'Nothing was changed; run again to read the entries.',
		});
		expect(stopped.items).toEqual([]);
	});
});
