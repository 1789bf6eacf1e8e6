import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, deleteTemplate as delete, get, getMany, update, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create an interaction template' },
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update an interaction template',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete an interaction template' },
			{ name: 'Get', value: 'get', action: 'Get an interaction template' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many interaction templates' },
			{ name: 'Update', value: 'update', action: 'Update an interaction template' },
		],
		default: 'getMany',
	},
	...create.description,
	...deleteTemplate.description,
	...get.description,
	...getMany.description,
	...update.description,
	...upsert.description,
];
