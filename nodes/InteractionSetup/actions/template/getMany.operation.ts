import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listTemplates } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { readLimit, returnAllOrLimit } from '../../../shared/paging';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getMany'] } },
	[
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Group Code', name: 'groupCode', type: 'string', default: '' },
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					description: 'Only templates whose code or description contains this text',
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		groupCode?: string;
		search?: string;
	};
	const templates = await listTemplates(db, { ...filters, limit: readLimit(this, itemIndex) });
	return templates.map((template) => ({ ...template }));
}
