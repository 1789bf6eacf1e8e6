import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteContact } from '../../../../lib/contacts';
import { contactRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	[
		{
			...contactRLC,
			description:
				"The contact to delete. Its log entries stay: a person's move to its company, a company's lose their contact link. Refused while a company still has persons or the contact is in a segment.",
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await deleteContact(
			db,
			this.getNodeParameter('contactNo', itemIndex, '', { extractValue: true }),
		)),
	};
}
