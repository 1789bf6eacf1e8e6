import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateSegment } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { descriptionField, interactionDefaultsFields } from './fields';

const templateCodeField: INodeProperties = {
	displayName: 'Template Code',
	name: 'templateCode',
	type: 'string',
	default: '',
	placeholder: 'e.g. LETTER',
	description:
		"Assigns the template first, copying its defaults; lines that followed the old template follow the new one. Empty removes the segment's template.",
};

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['update'] } },
	[
		segmentRLC,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only these fields of the segment change; lines keep their own values',
			options: [descriptionField, templateCodeField, ...interactionDefaultsFields].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const changes = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const segmentNo = this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true });
	return { ...(await updateSegment(db, { ...changes, segmentNo })) };
}
