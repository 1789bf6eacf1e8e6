import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { upsertTemplate } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import {
	additionalFields,
	codeField,
	descriptionField,
	groupCodeField,
	readTemplateInput,
} from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['upsert'] } },
	[codeField, groupCodeField, descriptionField, additionalFields],
);

/** Creates the template or replaces all its fields; entries already logged keep their copies. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const code = this.getNodeParameter('code', itemIndex);
	return { ...(await upsertTemplate(db, readTemplateInput(this, itemIndex, code))) };
}
