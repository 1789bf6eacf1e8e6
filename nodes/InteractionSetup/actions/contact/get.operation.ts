import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getContact } from '../../../../lib/contacts';
import { contactRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { contactJson } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	[contactRLC],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return contactJson(
		await getContact(db, this.getNodeParameter('contactNo', itemIndex, '', { extractValue: true })),
	);
}
