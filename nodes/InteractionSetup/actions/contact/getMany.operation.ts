import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listContacts } from '../../../../lib/contacts';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { readKeysetPages } from '../../../shared/keysetPages';
import { readLimit, returnAllOrLimit } from '../../../shared/paging';
import { contactJson } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getMany'] } },
	[
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'After Contact No.',
					name: 'afterContactNo',
					type: 'string',
					default: '',
					description:
						'Start after this contact number (contacts come sorted by number): give the last number of the previous page to read the next one',
				},
				{
					displayName: 'Company No.',
					name: 'companyNo',
					type: 'string',
					default: '',
					description: 'Only this company and its persons',
				},
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					description: 'Only contacts whose number, name or email contains this text',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Any', value: '' },
						{ name: 'Company', value: 'company' },
						{ name: 'Person', value: 'person' },
					],
					default: '',
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const { afterContactNo, ...filters } = this.getNodeParameter('filters', itemIndex, {}) as {
		afterContactNo?: string;
		companyNo?: string;
		search?: string;
		type?: string;
	};
	const contacts = await readKeysetPages(
		readLimit(this, itemIndex),
		afterContactNo || undefined,
		async (limit, after) => await listContacts(db, { ...filters, limit, afterContactNo: after }),
		(contact) => contact.contactNo,
	);
	return contacts.map(contactJson);
}
