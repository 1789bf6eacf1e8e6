import type { INodeProperties } from 'n8n-workflow';

import * as addContacts from './addContacts.operation';
import * as create from './create.operation';
import * as deleteSegment from './delete.operation';
import * as get from './get.operation';
import * as getLines from './getLines.operation';
import * as getMany from './getMany.operation';
import * as removeContacts from './removeContacts.operation';
import * as update from './update.operation';

export {
	addContacts,
	create,
	deleteSegment as delete,
	get,
	getLines,
	getMany,
	removeContacts,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segment'] } },
		options: [
			{
				name: 'Add Contacts',
				value: 'addContacts',
				description: 'Add listed contacts, or all persons of a company, as lines',
				action: 'Add contacts to a segment',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a segment with its interaction defaults',
				action: 'Create a segment',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a segment and its lines',
				action: 'Delete a segment',
			},
			{ name: 'Get', value: 'get', description: 'Get a segment', action: 'Get a segment' },
			{
				name: 'Get Lines',
				value: 'getLines',
				description: 'List the contacts of a segment',
				action: 'Get the lines of a segment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List segments by number',
				action: 'Get many segments',
			},
			{
				name: 'Remove Contacts',
				value: 'removeContacts',
				description: 'Remove contacts or lines from a segment',
				action: 'Remove contacts from a segment',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a segment's description, template or interaction defaults",
				action: 'Update a segment',
			},
		],
		default: 'getMany',
	},
	...addContacts.description,
	...create.description,
	...deleteSegment.description,
	...get.description,
	...getLines.description,
	...getMany.description,
	...removeContacts.description,
	...update.description,
];
