import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { createTemplate } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import {
	additionalFields,
	codeField,
	descriptionField,
	groupCodeField,
	readTemplateInput,
} from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['create'] } },
	[codeField, groupCodeField, descriptionField, additionalFields],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const code = this.getNodeParameter('code', itemIndex);
	return { ...(await createTemplate(db, readTemplateInput(this, itemIndex, code))) };
}
