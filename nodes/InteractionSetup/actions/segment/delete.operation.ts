import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteSegment } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['delete'] } },
	[
		{
			...segmentRLC,
			description: 'The segment to delete, with its lines. Its contacts are not touched.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await deleteSegment(
			db,
			this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true }),
		)),
	};
}
