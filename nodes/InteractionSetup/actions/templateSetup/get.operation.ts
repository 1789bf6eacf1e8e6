import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getTemplateSetupSlot } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { documentKindRLC } from '../../../shared/documentKinds';

export const description = updateDisplayOptions(
	{ show: { resource: ['templateSetup'], operation: ['get'] } },
	[documentKindRLC],
);

/** The slot of one document kind; `templateCode` null means documents of it are not recorded. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return {
		...(await getTemplateSetupSlot(
			db,
			this.getNodeParameter('documentKind', itemIndex, '', { extractValue: true }),
		)),
	};
}
