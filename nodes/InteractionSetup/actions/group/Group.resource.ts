import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, deleteGroup as delete, get, getMany, update, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create an interaction group' },
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update an interaction group',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete an interaction group' },
			{ name: 'Get', value: 'get', action: 'Get an interaction group' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many interaction groups' },
			{ name: 'Update', value: 'update', action: 'Update an interaction group' },
		],
		default: 'getMany',
	},
	...create.description,
	...deleteGroup.description,
	...get.description,
	...getMany.description,
	...update.description,
	...upsert.description,
];
