import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteTemplate } from '../../../../lib/setup';
import { templateRLC, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['delete'] } },
	[
		{
			...templateRLC,
			description:
				'The template to delete. Logged entries keep their copies; a template the template setup uses cannot be deleted.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return await deleteTemplate(
		db,
		this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
	);
}
