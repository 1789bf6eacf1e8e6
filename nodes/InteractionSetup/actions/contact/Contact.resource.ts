import type { INodeProperties } from 'n8n-workflow';

import * as deleteContact from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as upsert from './upsert.operation';

export { deleteContact as delete, get, getMany, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update contacts',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a contact; its log entries are kept',
				action: 'Delete a contact',
			},
			{ name: 'Get', value: 'get', description: 'Get a contact', action: 'Get a contact' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List contacts by number, page by page',
				action: 'Get many contacts',
			},
		],
		default: 'upsert',
	},
	...deleteContact.description,
	...get.description,
	...getMany.description,
	...upsert.description,
];
