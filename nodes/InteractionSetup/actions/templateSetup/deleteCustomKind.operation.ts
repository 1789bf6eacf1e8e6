import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteCustomDocumentKind } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { documentKindRLC } from '../../../shared/documentKinds';

export const description = updateDisplayOptions(
	{ show: { resource: ['templateSetup'], operation: ['deleteCustomKind'] } },
	[
		{
			...documentKindRLC,
			description:
				'The custom document kind to remove. Entries already recorded keep it; builtin kinds cannot be removed, only cleared.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return await deleteCustomDocumentKind(
		db,
		this.getNodeParameter('documentKind', itemIndex, '', { extractValue: true }),
	);
}
