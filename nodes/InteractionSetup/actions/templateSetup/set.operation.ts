import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { setTemplateSetupSlot } from '../../../../lib/setup';
import { templateRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { documentKindRLC } from '../../../shared/documentKinds';

export const description = updateDisplayOptions(
	{ show: { resource: ['templateSetup'], operation: ['set'] } },
	[
		{
			...documentKindRLC,
			description:
				'The document kind to set. Pick a builtin kind, or type a new name (e.g. Webinar Registration) to add it as a custom kind, stored as webinar_registration.',
		},
		{
			...templateRLC,
			description:
				'The template a document event of this kind is recorded with. To stop recording the kind, use Clear.',
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			description:
				'How the kind is shown in lists (up to 100 characters). Empty keeps the current label; a new custom kind gets one made from its name.',
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const label = this.getNodeParameter('label', itemIndex, '') as string;
	return {
		...(await setTemplateSetupSlot(db, {
			kind: this.getNodeParameter('documentKind', itemIndex, '', { extractValue: true }),
			templateCode: this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
			...(label === '' ? {} : { description: label }),
		})),
	};
}
