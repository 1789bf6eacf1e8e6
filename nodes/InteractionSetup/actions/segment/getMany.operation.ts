import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listSegments } from '../../../../lib/segments';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { readKeysetPages } from '../../../shared/keysetPages';
import { readLimit, returnAllOrLimit } from '../../../shared/paging';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['getMany'] } },
	[
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'After Segment No.',
					name: 'afterSegmentNo',
					type: 'string',
					default: '',
					description:
						'Start after this segment number (segments come sorted by number): give the last number of the previous page to read the next one',
				},
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					description: 'Only segments whose number or description contains this text',
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const { afterSegmentNo, search } = this.getNodeParameter('filters', itemIndex, {}) as {
		afterSegmentNo?: string;
		search?: string;
	};
	const segments = await readKeysetPages(
		readLimit(this, itemIndex),
		afterSegmentNo || undefined,
		async (limit, after) => await listSegments(db, { search, limit, afterSegmentNo: after }),
		(segment) => segment.segmentNo,
	);
	return segments.map((segment) => ({ ...segment }));
}
