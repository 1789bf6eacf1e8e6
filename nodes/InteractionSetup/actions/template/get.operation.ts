import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getTemplate } from '../../../../lib/setup';
import { templateRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['get'] } },
	[templateRLC],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await getTemplate(
			db,
			this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
		)),
	};
}
