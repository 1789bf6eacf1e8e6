import { appendLogEvents } from '../../lib/log';
import {
	findLogEntryPage,
	getLogEntryDetails,
	listLogEntries,
	readLogQuery,
	type LogCursor,
} from '../../lib/log';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedComments, seedEntries } from '../support/seed-entries';
import { appendAll } from '../../lib/core';

describe.each(BACKENDS)('%s: log queries', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const numbers = (entries: readonly { entryNo: number }[]) => entries.map((e) => e.entryNo);

	it('lists newest first by default, ties by entry number, leaving out postponed and canceled', async () => {
		const [a, b, c, d] = await seedEntries(t.db, [
			{ occurred_at: '2026-11-02T10:00:00Z' },
			{ occurred_at: '2026-11-03T10:00:00Z' },
			{ occurred_at: '2026-11-02T10:00:00Z' },
			{ occurred_at: '2026-11-01T10:00:00Z' },
			{ occurred_at: '2026-11-04T10:00:00Z', postponed: true },
			{ occurred_at: '2026-11-04T10:00:00Z', canceled: true },
		]);
		const list = (order?: string) =>
			listLogEntries(t.db, readLogQuery({ order }, 'UTC'), { limit: null });
		expect(numbers(await list())).toEqual([b, c, a, d]);
		expect(numbers(await list('oldest_first'))).toEqual([d, a, c, b]);
		expect(numbers(await list('entry_no_ascending'))).toEqual([a, b, c, d]);
		expect(numbers(await list('entry_no_descending'))).toEqual([d, c, b, a]);
	});

	it.each(['newest_first', 'oldest_first', 'entry_no_ascending', 'entry_no_descending'])(
		'pages by keyset in %s order without losing or repeating an entry',
		async (order) => {
			// Ten entries per instant, and instants a microsecond apart: JavaScript dates cannot
			// tell those apart, the cursor must.
			const times = ['2026-11-02 10:00:00.000001+00', '2026-11-02 10:00:00.000002+00'];
			await t.db.raw(
				`insert into interaction_log_entries (occurred_at, template_code, group_code)
				select (array[?, ?]::timestamptz[])[1 + g % 2], 'CALL', 'PHONE' from generate_series(1, 25) g`,
				times,
			);
			const query = readLogQuery({ order }, 'UTC');
			const all = numbers(await listLogEntries(t.db, query, { limit: null }));
			const paged: number[] = [];
			let after: LogCursor | null = null;
			do {
				const page = await findLogEntryPage(t.db, query, { limit: 4, after });
				appendAll(paged, numbers(page.entries));
				after = page.next;
			} while (after);
			expect(paged).toEqual(all);
			expect(new Set(paged).size).toBe(25);
			const continued = readLogQuery({ order, afterEntryNo: String(all[9]) }, 'UTC');
			expect(numbers(await listLogEntries(t.db, continued, { limit: 5 }))).toEqual(
				all.slice(10, 15),
			);
		},
	);

	it('stops at the limit across internal pages', async () => {
		await t.db.raw(
			`insert into interaction_log_entries (occurred_at, template_code, group_code)
			select timestamptz '2026-01-01' + g * interval '1 minute', 'CALL', 'PHONE'
			from generate_series(1, 2500) g`,
		);
		const query = readLogQuery({}, 'UTC');
		expect(await listLogEntries(t.db, query, { limit: 1500 })).toHaveLength(1500);
		const all = await listLogEntries(t.db, query, { limit: null });
		expect(all).toHaveLength(2500);
		expect(all[0].occurredAt).toBe('2026-01-02T17:40:00.000Z');
	});

	it('cannot continue after an entry that is not in the log', async () => {
		const query = readLogQuery({ afterEntryNo: 42 }, 'UTC');
		await expect(listLogEntries(t.db, query, { limit: 5 })).rejects.toMatchObject({
			code: 'NOT_FOUND',
			details: { field: 'afterEntryNo' },
		});
	});

	it('gets one entry with its comment lines and audit events', async () => {
		const [entryNo] = await seedEntries(t.db, [{ description: 'Call about the quote' }]);
		await seedComments(t.db, entryNo, ['Wants a discount', 'Call back Friday']);
		await t.db.transaction((trx) =>
			appendLogEvents(trx, [{ eventType: 'recorded', entryNo, actor: 'ann' }]),
		);
		expect(await getLogEntryDetails(t.db, String(entryNo))).toMatchObject({
			entryNo,
			description: 'Call about the quote',
			comments: [
				{ lineNo: 10000, date: '2026-11-02', comment: 'Wants a discount' },
				{ lineNo: 20000, date: '2026-11-02', comment: 'Call back Friday' },
			],
			events: [{ eventType: 'recorded', entryNo, actor: 'ann' }],
		});
	});

	it('says an entry was purged, or does not exist', async () => {
		await t.db.transaction((trx) => appendLogEvents(trx, [{ eventType: 'purged', entryNo: 7 }]));
		await expect(getLogEntryDetails(t.db, 7)).rejects.toMatchObject({
			code: 'NOT_FOUND',
			message: 'Interaction log entry 7 was purged',
		});
		await expect(getLogEntryDetails(t.db, 8)).rejects.toMatchObject({
			code: 'NOT_FOUND',
			message: 'Interaction log entry 8 does not exist',
			details: { field: 'entryNo' },
		});
		await expect(getLogEntryDetails(t.db, 'eight')).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});
