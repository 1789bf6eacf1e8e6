import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { recordContactInteractions, type ContactInteractionInput } from '../../../lib/record';
import { contactRLC, templateRLC, updateDisplayOptions } from '../../shared/descriptions';
import {
	defaultRecorderOf,
	descriptionField,
	interactionOverrideFields,
	occurredAtField,
	readItemKeys,
	readRecordingOptions,
	salespersonField,
} from './fields';
import { fromRecordOutcome, recordItems, toOutputItems } from './outcomes';

export const description = updateDisplayOptions({ show: { target: ['contact'] } }, [
	contactRLC,
	templateRLC,
	occurredAtField,
	descriptionField,
	{
		...salespersonField,
		description:
			"Who handled the interaction; required for a contact, so empty takes the contact's salesperson",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...interactionOverrideFields,
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'A comment line stored with the entry (up to 250 characters)',
			},
		],
	},
]);

function readItem(context: IExecuteFunctions, itemIndex: number, recorder: string) {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		...extra,
		contactNo: context.getNodeParameter('contactNo', itemIndex, '', { extractValue: true }),
		templateCode: context.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
		occurredAt: context.getNodeParameter('occurredAt', itemIndex, ''),
		description: context.getNodeParameter('description', itemIndex, ''),
		salespersonCode: context.getNodeParameter('salespersonCode', itemIndex, ''),
		...readItemKeys(context, itemIndex, recorder),
	} satisfies ContactInteractionInput;
}

/** Records one interaction per item for its contact (reference §8), all items in one batch. */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const { batching, timeZone } = readRecordingOptions(this);
	const recorder = defaultRecorderOf(this);
	const outcomes = await recordItems(
		this,
		batching,
		(itemIndex) => readItem(this, itemIndex, recorder),
		async (inputs) =>
			(await recordContactInteractions(db, inputs, { timeZone, batching })).map(fromRecordOutcome),
	);
	return toOutputItems(this, outcomes);
}
