import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getGroup } from '../../../../lib/setup';
import { groupRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupRLC],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await getGroup(
			db,
			this.getNodeParameter('groupCode', itemIndex, '', { extractValue: true }),
		)),
	};
}
