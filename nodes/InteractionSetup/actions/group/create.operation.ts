import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { createGroup } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { codeField, descriptionField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	[codeField, descriptionField],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await createGroup(db, {
			code: this.getNodeParameter('code', itemIndex),
			description: this.getNodeParameter('description', itemIndex, ''),
		})),
	};
}
