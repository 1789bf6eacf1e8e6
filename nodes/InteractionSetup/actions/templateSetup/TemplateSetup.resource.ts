import type { INodeProperties } from 'n8n-workflow';

import * as clear from './clear.operation';
import * as deleteCustomKind from './deleteCustomKind.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as set from './set.operation';

export { clear, deleteCustomKind, get, getMany, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['templateSetup'] } },
		options: [
			{
				name: 'Clear',
				value: 'clear',
				description: 'Blank the slot: documents of this kind are no longer recorded',
				action: 'Clear the template of a document kind',
			},
			{
				name: 'Delete Custom Kind',
				value: 'deleteCustomKind',
				description: 'Remove a document kind you added; builtin kinds can only be cleared',
				action: 'Delete a custom document kind',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the template used for one document kind',
				action: 'Get the template setup of a document kind',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List every document kind with its template',
				action: 'Get the whole template setup',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Choose the template used when a document event of a kind arrives; a new name adds a custom kind',
				action: 'Set the template of a document kind',
			},
		],
		default: 'getMany',
	},
	...clear.description,
	...deleteCustomKind.description,
	...get.description,
	...getMany.description,
	...set.description,
];
