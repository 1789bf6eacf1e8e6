import type { INodeProperties } from 'n8n-workflow';

import * as deletePolicy from './delete.operation';
import * as getMany from './getMany.operation';
import * as set from './set.operation';

export { deletePolicy as delete, getMany, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['retentionPolicy'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete the policy of a template or group',
				action: 'Delete a retention policy',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List every retention policy',
				action: 'Get many retention policies',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Create or replace how long the entries of a template or group are kept; Purge Canceled applies it in Retention mode',
				action: 'Set a retention policy',
			},
		],
		default: 'set',
	},
	...deletePolicy.description,
	...getMany.description,
	...set.description,
];
