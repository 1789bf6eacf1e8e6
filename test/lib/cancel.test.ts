import {
	cancelDocument,
	cancelEntries,
	cancelLoggedSegment,
	restoreDocument,
	restoreEntries,
	restoreLoggedSegment,
} from '../../lib/log';
import { listEntryEvents } from '../../lib/log';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { auditTrail, seedEntries, seedLoggedSegment } from '../support/seed-log';

describe.each(BACKENDS)('%s: cancel and restore', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => await resetData(t.db));

	const canceledFlags = async () =>
		(await t.db('interaction_log_entries').orderBy('entry_no').select('entry_no', 'canceled')).map(
			(row: { entry_no: number; canceled: boolean }) => [Number(row.entry_no), row.canceled],
		);

	describe('cancelEntries', () => {
		it('cancels the entries, keeps who and when on them and writes one audit event each', async () => {
			const [a, b, c] = await seedEntries(t.db, [{}, {}, {}]);
			const result = await cancelEntries(t.db, {
				entryNos: `${b}, ${a}`,
				reason: 'sent twice',
				actor: 'jane',
			});
			expect(result.entries.map((r) => [r.entry.entryNo, r.outcome, r.changed])).toEqual([
				[b, 'canceled', true],
				[a, 'canceled', true],
			]);
			expect(result.entries[0].entry).toMatchObject({ canceled: true, canceledBy: 'jane' });
			expect(result.entries[0].entry.canceledAt).toMatch(/Z$/);
			expect(await canceledFlags()).toEqual([
				[a, true],
				[b, true],
				[c, false],
			]);
			expect(await auditTrail(t.db)).toEqual([
				{
					eventType: 'canceled',
					entryNo: a,
					loggedSegmentEntryNo: null,
					actor: 'jane',
					reason: 'sent twice',
				},
				{
					eventType: 'canceled',
					entryNo: b,
					loggedSegmentEntryNo: null,
					actor: 'jane',
					reason: 'sent twice',
				},
			]);
		});

		it('changes nothing when repeated and says alreadyCanceled', async () => {
			const [a, b] = await seedEntries(t.db, [{}, { canceled: true }]);
			await cancelEntries(t.db, { entryNos: [a] });
			const repeat = await cancelEntries(t.db, { entryNos: [a, b] });
			expect(repeat.entries.map((r) => [r.outcome, r.changed])).toEqual([
				['alreadyCanceled', false],
				['alreadyCanceled', false],
			]);
			expect(await auditTrail(t.db)).toHaveLength(1);
		});

		it('accepts one number, numeric text and lists, each entry once', async () => {
			const [a, b] = await seedEntries(t.db, [{}, {}]);
			expect((await cancelEntries(t.db, { entryNos: a })).entries).toHaveLength(1);
			const listed = await cancelEntries(t.db, { entryNos: [String(b), a, b] });
			expect(listed.entries.map((r) => r.entry.entryNo)).toEqual([b, a]);
		});

		it.each([
			['abc', 'VALIDATION', '"abc" is not an entry number'],
			['12, x', 'VALIDATION', '"x" is not an entry number'],
			[[1.5], 'VALIDATION', '1.5 is not an entry number'],
			[0, 'VALIDATION', '0 is not an entry number'],
			['', 'VALIDATION', 'entryNos is required'],
		])('refuses %j with %s and changes nothing', async (entryNos, code, message) => {
			await seedEntries(t.db, [{}]);
			await expect(cancelEntries(t.db, { entryNos })).rejects.toMatchObject({
				code,
				message: expect.stringContaining(message),
				details: { field: 'entryNos' },
			});
			expect(await auditTrail(t.db)).toEqual([]);
		});

		it('names entry numbers that do not exist and cancels none of the list', async () => {
			const [a] = await seedEntries(t.db, [{}]);
			await expect(cancelEntries(t.db, { entryNos: [a, 9998, 9999] })).rejects.toMatchObject({
				code: 'NOT_FOUND',
				message: 'Interaction log entries 9998, 9999 do not exist',
				details: { field: 'entryNos', value: [9998, 9999] },
			});
			expect(await canceledFlags()).toEqual([[a, false]]);
		});
	});

	describe('restoreEntries', () => {
		it('restores canceled entries, clears who and when, and says alreadyActive on repeat', async () => {
			const [a] = await seedEntries(t.db, [{ canceled: true }]);
			const restored = await restoreEntries(t.db, { entryNos: a, reason: 'not a duplicate' });
			expect(restored.entries[0]).toMatchObject({
				outcome: 'restored',
				changed: true,
				entry: { canceled: false, canceledAt: null, canceledBy: null },
			});
			const repeat = await restoreEntries(t.db, { entryNos: a });
			expect(repeat.entries[0]).toMatchObject({ outcome: 'alreadyActive', changed: false });
			expect((await listEntryEvents(t.db, a)).map((e) => [e.eventType, e.reason])).toEqual([
				['restored', 'not a duplicate'],
			]);
		});

		it('is refused for an entry whose logged segment is canceled, and rolls the whole call back', async () => {
			const segment = await seedLoggedSegment(t.db, 'SEG01', { canceled: true });
			const [free, inSegment] = await seedEntries(t.db, [
				{ canceled: true },
				{ canceled: true, loggedSegmentEntryNo: segment },
			]);
			await expect(restoreEntries(t.db, { entryNos: [free, inSegment] })).rejects.toMatchObject({
				code: 'BLOCKED',
				message: `Entry ${inSegment} cannot be restored: its logged segment ${segment} is canceled`,
				details: { hint: expect.stringContaining('Restore the logged segment') },
			});
			expect(await canceledFlags()).toEqual([
				[free, true],
				[inSegment, true],
			]);
			expect(await auditTrail(t.db)).toEqual([]);
		});
	});

	describe('logged segments', () => {
		it('cancels the logged segment and all its entries by one bulk update', async () => {
			const segment = await seedLoggedSegment(t.db, 'SEG01');
			const [a, b, other] = await seedEntries(t.db, [
				{ loggedSegmentEntryNo: segment },
				{ loggedSegmentEntryNo: segment, canceled: true },
				{},
			]);
			const result = await cancelLoggedSegment(t.db, {
				loggedSegmentEntryNo: segment,
				actor: 'jane',
			});
			expect(result.loggedSegment).toMatchObject({
				loggedSegmentEntryNo: segment,
				segmentNo: 'SEG01',
				canceled: true,
				canceledBy: 'jane',
				outcome: 'canceled',
			});
			expect(result.entries.map((r) => [r.entry.entryNo, r.outcome])).toEqual([
				[a, 'canceled'],
				[b, 'alreadyCanceled'],
			]);
			expect(await canceledFlags()).toEqual([
				[a, true],
				[b, true],
				[other, false],
			]);
			expect(
				(await auditTrail(t.db)).map((e) => [e.eventType, e.entryNo, e.loggedSegmentEntryNo]),
			).toEqual([
				['canceled', null, segment],
				['canceled', a, segment],
			]);
			const again = await cancelLoggedSegment(t.db, { loggedSegmentEntryNo: segment });
			expect(again.loggedSegment).toMatchObject({ outcome: 'alreadyCanceled', changed: false });
			expect(await auditTrail(t.db)).toHaveLength(2);
		});

		it('restores the logged segment and every entry of it', async () => {
			const segment = await seedLoggedSegment(t.db, 'SEG01', { canceled: true });
			const [a, b] = await seedEntries(t.db, [
				{ loggedSegmentEntryNo: segment, canceled: true },
				{ loggedSegmentEntryNo: segment, canceled: true },
			]);
			const result = await restoreLoggedSegment(t.db, { loggedSegmentEntryNo: String(segment) });
			expect(result.loggedSegment).toMatchObject({ canceled: false, canceledAt: null });
			expect(result.entries.map((r) => r.outcome)).toEqual(['restored', 'restored']);
			expect(await canceledFlags()).toEqual([
				[a, false],
				[b, false],
			]);
			expect(await restoreEntries(t.db, { entryNos: [a] })).toMatchObject({
				entries: [{ outcome: 'alreadyActive' }],
			});
		});

		it('names a logged segment that does not exist', async () => {
			await expect(cancelLoggedSegment(t.db, { loggedSegmentEntryNo: 77 })).rejects.toMatchObject({
				code: 'NOT_FOUND',
				details: { field: 'loggedSegmentEntryNo' },
			});
		});
	});

	describe('documents', () => {
		const invoice = (versionNo: number, contactNo: string) => ({
			documentKind: 'sales_invoice',
			documentNo: 'INV-1001',
			versionNo,
			contactNo,
		});

		it('cancels every entry of the document, or of one version', async () => {
			const [v1a, v1b, v2, otherDoc] = await seedEntries(t.db, [
				invoice(1, 'CT1'),
				invoice(1, 'CT2'),
				invoice(2, 'CT1'),
				{ documentKind: 'sales_invoice', documentNo: 'INV-1002' },
			]);
			const oneVersion = await cancelDocument(t.db, {
				documentKind: 'Sales Invoice',
				documentNo: 'INV-1001',
				versionNo: 2,
			});
			expect(oneVersion.entries.map((r) => r.entry.entryNo)).toEqual([v2]);
			const all = await cancelDocument(t.db, {
				documentKind: 'sales_invoice',
				documentNo: 'INV-1001',
			});
			expect(all.entries.map((r) => [r.entry.entryNo, r.outcome])).toEqual([
				[v1a, 'canceled'],
				[v1b, 'canceled'],
				[v2, 'alreadyCanceled'],
			]);
			expect((await canceledFlags()).find(([no]) => no === otherDoc)).toEqual([otherDoc, false]);
			const restored = await restoreDocument(t.db, {
				documentKind: 'sales_invoice',
				documentNo: 'INV-1001',
				versionNo: '1',
			});
			expect(restored.entries.map((r) => r.outcome)).toEqual(['restored', 'restored']);
		});

		it('says when no entry was logged for the document', async () => {
			await expect(
				cancelDocument(t.db, { documentKind: 'sales_invoice', documentNo: 'NOPE' }),
			).rejects.toMatchObject({
				code: 'NOT_FOUND',
				message: 'No interaction log entries for sales_invoice NOPE',
			});
		});

		it('refuses a version that is not a number', async () => {
			await expect(
				cancelDocument(t.db, { documentKind: 'sales_invoice', documentNo: 'X', versionNo: 'two' }),
			).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'versionNo' } });
		});
	});

	it('lets two concurrent cancels of the same entries change each entry once', async () => {
		const entryNos = await seedEntries(t.db, [{}, {}, {}, {}]);
		const results = await Promise.all([
			cancelEntries(t.db, { entryNos, actor: 'first' }),
			cancelEntries(t.db, { entryNos: [...entryNos].reverse(), actor: 'second' }),
		]);
		const changes = results.flatMap((r) => r.entries.filter((e) => e.changed));
		expect(changes).toHaveLength(4);
		expect((await auditTrail(t.db)).map((e) => e.entryNo).sort()).toEqual([...entryNos].sort());
	});
});
