import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateTemplate } from '../../../../lib/setup';
import { templateRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { defaultsFields, descriptionField, groupCodeField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['update'] } },
	[
		templateRLC,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only these fields change; entries already logged keep their copies',
			options: [
				{ ...descriptionField },
				{ ...groupCodeField, required: false },
				...defaultsFields,
			].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const changes = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const code = this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true });
	return { ...(await updateTemplate(db, { ...changes, code })) };
}
