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
import { autoMappedItem, CONTACT_FIELDS, inputModeField, readInputMode } from './autoMap';
import { fromRecordOutcome, recordItems, toOutputItems } from './outcomes';

export const description = [
	...inputModeField('contact', CONTACT_FIELDS),
	...updateDisplayOptions({ show: { target: ['contact'], inputMode: ['defineBelow'] } }, [
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
	]),
];

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

const contactInputOf = (json: IDataObject): ContactInteractionInput => ({
	...json,
	contactNo: json.contactNo,
	templateCode: json.templateCode,
});

/** Records one interaction per item for its contact (docs/domain.md#s8), all items in one batch. */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const { batching, timeZone } = readRecordingOptions(this);
	const recorder = defaultRecorderOf(this);
	const autoMap = readInputMode(this) === 'autoMap';
	const recordedBy = autoMap ? readItemKeys(this, 0, recorder).recordedBy : recorder;
	const outcomes = await recordItems(
		this,
		batching,
		(itemIndex): ContactInteractionInput =>
			autoMap
				? contactInputOf(autoMappedItem(this, itemIndex, CONTACT_FIELDS, recordedBy))
				: readItem(this, itemIndex, recorder),
		async (inputs) =>
			(await recordContactInteractions(db, inputs, { timeZone, batching })).map(fromRecordOutcome),
	);
	return toOutputItems(this, outcomes);
}
