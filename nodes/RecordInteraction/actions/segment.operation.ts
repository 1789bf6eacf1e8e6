import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	listLoggedSegmentEntries,
	logSegments,
	type LogSegmentInput,
	type LogSegmentOutcome,
} from '../../../lib/record';
import { segmentRLC, updateDisplayOptions } from '../../shared/descriptions';
import { itemParameters } from '../../shared/parameters';
import { defaultRecorderOf, readItemKeys, readRecordingOptions } from './fields';
import { recordItems, toOutputItems, type ItemOutcome } from './outcomes';

export const description = updateDisplayOptions({ show: { target: ['segment'] } }, [
	{
		...segmentRLC,
		description:
			'The segment to log: one entry per line, then the segment is deleted and its logged segment keeps the number',
	},
	{
		displayName: 'Output',
		name: 'segmentOutput',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Logged Segment',
				value: 'loggedSegment',
				description: 'One item per segment: its logged segment number and entry count',
			},
			{
				name: 'Entries',
				value: 'entries',
				description: 'One item per entry written (can be many)',
			},
		],
		default: 'loggedSegment',
	},
]);

async function toItemOutcome(
	db: Knex,
	outcome: LogSegmentOutcome,
	withEntries: boolean,
): Promise<ItemOutcome> {
	if (outcome.status !== 'logged') return outcome;
	const { loggedSegment } = outcome;
	if (!withEntries) return { status: 'done', json: { ...loggedSegment } };
	const entries = await listLoggedSegmentEntries(db, loggedSegment.loggedSegmentEntryNo);
	return {
		status: 'done',
		json: entries.map((entry) => ({
			...entry,
			recorded: true,
			duplicate: loggedSegment.duplicate,
		})),
	};
}

/** Logs each item's segment (docs/domain.md#s6-3): one logged segment and one entry per line. */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const { batching, timeZone, signal } = readRecordingOptions(this);
	const recorder = defaultRecorderOf(this);
	const withEntries = this.getNodeParameter('segmentOutput', 0, 'loggedSegment') === 'entries';
	const parameter = itemParameters(this);
	const outcomes = await recordItems(
		this,
		(itemIndex): LogSegmentInput => ({
			segmentNo: parameter('segmentNo', itemIndex, '', { extractValue: true }),
			...readItemKeys(parameter, itemIndex, recorder),
		}),
		async (inputs) => {
			const logged = await logSegments(db, inputs, { timeZone, batching, signal });
			return await Promise.all(logged.map((o) => toItemOutcome(db, o, withEntries)));
		},
	);
	return toOutputItems(this, outcomes);
}
