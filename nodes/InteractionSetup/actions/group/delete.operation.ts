import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteGroup } from '../../../../lib/setup';
import { groupRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	[
		{
			...groupRLC,
			description:
				'The group to delete. Logged entries keep their copy of the code; a group that still has templates cannot be deleted.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return await deleteGroup(
		db,
		this.getNodeParameter('groupCode', itemIndex, '', { extractValue: true }),
	);
}
