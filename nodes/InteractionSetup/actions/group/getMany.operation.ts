import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listGroups } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { readLimit, returnAllOrLimit } from '../../../shared/paging';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getMany'] } },
	[
		...returnAllOrLimit,
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only groups whose code or description contains this text',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const groups = await listGroups(db, {
		search: this.getNodeParameter('search', itemIndex, '') as string,
		limit: readLimit(this, itemIndex),
	});
	return groups.map((group) => ({ ...group }));
}
