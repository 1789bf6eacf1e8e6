import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { addSegmentContacts } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { contactNosField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['addContacts'] } },
	[
		segmentRLC,
		{
			displayName: 'Add',
			name: 'addFrom',
			type: 'options',
			options: [
				{
					name: 'Listed Contacts',
					value: 'contacts',
					description: 'The contacts whose numbers you give',
				},
				{
					name: 'Persons of a Company',
					value: 'company',
					description: 'Every person of a company contact',
				},
			],
			default: 'contacts',
			description:
				'Contacts already in the segment are skipped; if one named contact does not exist, none is added',
		},
		{ ...contactNosField, displayOptions: { show: { addFrom: ['contacts'] } } },
		{
			displayName: 'Company No.',
			name: 'companyNo',
			type: 'string',
			default: '',
			placeholder: 'e.g. CT000100',
			description: 'The company contact whose persons to add',
			displayOptions: { show: { addFrom: ['company'] } },
		},
		{
			displayName: 'Include the Company Itself',
			name: 'includeCompany',
			type: 'boolean',
			default: false,
			description: 'Whether to add the company contact too, before its persons',
			displayOptions: { show: { addFrom: ['company'] } },
		},
	],
);

/** Adds the contacts in one set-based statement; line numbers continue after the last line. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const segmentNo = this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true });
	const fromCompany = this.getNodeParameter('addFrom', itemIndex) === 'company';
	return {
		...(await addSegmentContacts(
			db,
			fromCompany
				? {
						segmentNo,
						companyNo: this.getNodeParameter('companyNo', itemIndex, ''),
						includeCompany: this.getNodeParameter('includeCompany', itemIndex, false),
					}
				: { segmentNo, contactNos: this.getNodeParameter('contactNos', itemIndex, '') },
		)),
	};
}
