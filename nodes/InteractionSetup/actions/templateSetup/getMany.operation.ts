import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listTemplateSetup } from '../../../../lib/setup';
import { updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['templateSetup'], operation: ['getMany'] } },
	[
		{
			displayName: 'Only Kinds With a Template',
			name: 'onlyAssigned',
			type: 'boolean',
			default: false,
			description:
				"Whether to leave out blank slots (document kinds that are not recorded). Builtin kinds come first in the order of Business Central's setup page, then custom kinds by name.",
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const onlyAssigned = this.getNodeParameter('onlyAssigned', itemIndex, false) as boolean;
	const slots = await listTemplateSetup(db);
	return slots
		.filter((slot) => !onlyAssigned || slot.templateCode !== null)
		.map((slot) => ({ ...slot }));
}
