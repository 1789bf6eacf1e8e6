import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { updateGroup } from '../../../../lib/setup';
import { groupRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { descriptionField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	[groupRLC, descriptionField],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await updateGroup(db, {
			code: this.getNodeParameter('groupCode', itemIndex, '', { extractValue: true }),
			description: this.getNodeParameter('description', itemIndex, ''),
		})),
	};
}
