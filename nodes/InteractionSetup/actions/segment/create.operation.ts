import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createSegment } from '../../../../lib/segments';
import { templateRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { descriptionField, interactionDefaultsFields, segmentNoField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['create'] } },
	[
		segmentNoField,
		descriptionField,
		{
			...templateRLC,
			required: false,
			description:
				'Optional. Its defaults (group, cost, duration, direction, initiator, campaign flags, correspondence type, language) are copied onto the segment; the fields below override them.',
		},
		{
			displayName: 'Interaction Defaults',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Values the lines inherit unless a line has its own',
			options: interactionDefaultsFields,
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const defaults = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const text = this.getNodeParameter('description', itemIndex, '');
	return {
		...(await createSegment(db, {
			...defaults,
			segmentNo: this.getNodeParameter('segmentNo', itemIndex),
			// Empty keeps the template's description.
			description: text === '' ? undefined : text,
			templateCode: this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
		})),
	};
}
