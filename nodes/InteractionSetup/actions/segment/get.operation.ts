import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getSegment } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['get'] } },
	[segmentRLC],
);

/** The segment header with its interaction defaults and number of lines. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await getSegment(
			db,
			this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true }),
		)),
	};
}
