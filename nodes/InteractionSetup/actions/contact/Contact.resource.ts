import type { INodeProperties } from 'n8n-workflow';

import * as deleteContact from './delete.operation';
import * as erase from './erase.operation';
import * as exportContact from './export.operation';
import * as findByEmail from './findByEmail.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getNumberSeries from './getNumberSeries.operation';
import * as setNumberSeries from './setNumberSeries.operation';
import * as upsert from './upsert.operation';

export {
	deleteContact as delete,
	erase,
	exportContact as export,
	findByEmail,
	get,
	getMany,
	getNumberSeries,
	setNumberSeries,
	upsert,
};

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
			{
				name: 'Erase',
				value: 'erase',
				description:
					"Erase a person's personal data on request; the entries' figures stay under a pseudonym",
				action: 'Erase a contact',
			},
			{
				name: 'Export',
				value: 'export',
				description:
					'Export everything stored about a contact as one JSON document, optionally as files (JSON, CSV of the entries)',
				action: 'Export a contact',
			},
			{
				name: 'Find by Email',
				value: 'findByEmail',
				description: 'Find the contact of an e-mail address, or its company by domain',
				action: 'Find a contact by email',
			},
			{ name: 'Get', value: 'get', description: 'Get a contact', action: 'Get a contact' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List contacts by number, page by page',
				action: 'Get many contacts',
			},
			{
				name: 'Get Number Series',
				value: 'getNumberSeries',
				description: 'The numbers given to contacts created without one, e.g. CT000001',
				action: 'Get the contact number series',
			},
			{
				name: 'Set Number Series',
				value: 'setNumberSeries',
				description: 'Set the prefix, digits and next number of new contacts',
				action: 'Set the contact number series',
			},
		],
		default: 'upsert',
	},
	...deleteContact.description,
	...erase.description,
	...exportContact.description,
	...findByEmail.description,
	...get.description,
	...getMany.description,
	...setNumberSeries.description,
	...upsert.description,
];
