import { holdsExpression } from '../../nodes/shared/parameters';
import { BACKENDS } from '../support/backends';
import { resetData, useTestDatabase } from '../support/database';
import { seedRecordingSetup } from '../support/record-fixtures';
import { byCode, runNode } from '../support/workflow';

describe('holdsExpression', () => {
	it.each([
		['=INV-{{ $json.no }}', true],
		['INV-1', false],
		[{ __rl: true, mode: 'id', value: '={{ $json.contact }}' }, true],
		[{ __rl: true, mode: 'id', value: 'CT200' }, false],
		[{ subject: 'Renewal', cost: '={{ $json.cost }}' }, true],
		[{ subject: 'Renewal', cost: 2 }, false],
		[[{ a: 'x' }, { b: '={{ 1 }}' }], true],
		[3, false],
		[null, false],
	])('%j: %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe.each(BACKENDS)('%s: parameters read once or per item', (backend) => {
	const t = useTestDatabase(backend);
	beforeEach(async () => {
		await resetData(t.db);
		await seedRecordingSetup(t.db);
	});

	it('gives every item the fixed values and each item its own expression values', async () => {
		const { items, error } = await runNode(
			t.config,
			'recordInteraction',
			{
				target: 'contact',
				contactNo: byCode('CT200'),
				templateCode: byCode('OUTCALL'),
				occurredAt: '2026-07-01T09:00:00Z',
				description: 'Fixed',
				// A collection with a fixed field and an expression: evaluated per item, whole.
				additionalFields: { subject: 'Renewal', cost: '={{ $json.cost }}' },
				options: { actor: 'parameters test', idempotencyKey: '={{ $json.id }}' },
			},
			{
				items: [
					{ cost: 1, id: 'a' },
					{ cost: 2, id: 'b' },
					{ cost: 3, id: 'c' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(
			items.map(({ json }) => [json.description, json.subject, json.cost, json.recordedBy]),
		).toEqual([
			['Fixed', 'Renewal', 1, 'parameters test'],
			['Fixed', 'Renewal', 2, 'parameters test'],
			['Fixed', 'Renewal', 3, 'parameters test'],
		]);
		expect(items.map(({ json }) => json.occurredAt)).toEqual(
			Array(3).fill('2026-07-01T05:00:00.000-04:00'),
		);
	});

	it('leaves other expressions, and references to fields an item lacks, to n8n', async () => {
		const { items, error } = await runNode(
			t.config,
			'recordInteraction',
			{
				target: 'contact',
				contactNo: byCode('={{ $json.contact }}'),
				templateCode: byCode('OUTCALL'),
				additionalFields: {
					subject: '=Call {{ $json.id }}',
					cost: '={{ $json.cost }}',
					durationMin: '={{ $json.minutes * 2 }}',
				},
			},
			{
				items: [
					{ contact: 'CT200', id: 'a', cost: 4, minutes: 3 },
					{ contact: 'CT200', id: 'b', minutes: 5 },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map(({ json }) => [json.subject, json.cost, json.durationMin])).toEqual([
			['Call a', 4, 6],
			// No cost on the item: n8n gives nothing, and the template's unit cost applies.
			['Call b', 1.5, 10],
		]);
	});

	it('reads plain field references per item, bracketed names included', async () => {
		const { items, error } = await runNode(
			t.config,
			'recordInteraction',
			{
				target: 'contact',
				contactNo: byCode('CT200'),
				templateCode: byCode('OUTCALL'),
				occurredAt: '={{ $json["when it was"] }}',
				description: '={{ $json.call.title }}',
			},
			{
				items: [
					{ 'when it was': '2026-07-01T09:00:00Z', call: { title: 'First' } },
					{ 'when it was': '2026-07-02T09:00:00Z', call: { title: 'Second' } },
				],
				timezone: 'UTC',
			},
		);
		expect(error).toBeUndefined();
		expect(items.map(({ json }) => [json.occurredAt, json.description])).toEqual([
			['2026-07-01T09:00:00.000Z', 'First'],
			['2026-07-02T09:00:00.000Z', 'Second'],
		]);
	});
});
