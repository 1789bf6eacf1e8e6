import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { clearTemplateSetupSlot } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { documentKindRLC } from '../../../shared/documentKinds';

export const description = updateDisplayOptions(
	{ show: { resource: ['templateSetup'], operation: ['clear'] } },
	[
		{
			...documentKindRLC,
			description:
				'The document kind whose template to remove. A blank slot means "do not record": document events of this kind are skipped silently.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await clearTemplateSetupSlot(
			db,
			this.getNodeParameter('documentKind', itemIndex, '', { extractValue: true }),
		)),
	};
}
