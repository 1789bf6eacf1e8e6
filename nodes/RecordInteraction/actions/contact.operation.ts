import type { Knex } from 'knex';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { recordContactInteractions, type ContactInteractionInput } from '../../../lib/record';
import { templateRLC, updateDisplayOptions } from '../../shared/descriptions';
import { itemParameters, type ItemParameter } from '../../shared/parameters';
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
import { findContactFields, readContactRefParameters } from './findContact';
import { fromRecordOutcome, recordItems, toOutputItems } from './outcomes';
import { withRetryKeys } from './retryKeys';

export const description = [
	...inputModeField('contact', CONTACT_FIELDS),
	...updateDisplayOptions({ show: { target: ['contact'], inputMode: ['defineBelow'] } }, [
		...findContactFields(),
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
	// The Document Event target has its own Unknown Contact, which can also create the contact.
	{
		displayName: 'Unknown Contact',
		name: 'unknownContact',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Error', value: 'error', description: 'The item fails' },
			{
				name: 'Skip',
				value: 'skip',
				description:
					'The item passes through with recorded = false and the reason, e.g. a mail from a stranger',
			},
		],
		default: 'error',
		displayOptions: { show: { target: ['contact'] } },
	} satisfies INodeProperties,
];

function readItem(parameter: ItemParameter, itemIndex: number, recorder: string) {
	const extra = parameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		...extra,
		...readContactRefParameters(parameter, itemIndex),
		templateCode: parameter('templateCode', itemIndex, '', { extractValue: true }),
		occurredAt: parameter('occurredAt', itemIndex, ''),
		description: parameter('description', itemIndex, ''),
		salespersonCode: parameter('salespersonCode', itemIndex, ''),
		...readItemKeys(parameter, itemIndex, recorder),
	} satisfies ContactInteractionInput;
}

const contactInputOf = (json: IDataObject): ContactInteractionInput => ({
	...json,
	templateCode: json.templateCode,
});

/**
 * Records one interaction per item for its contact (docs/domain.md#s8), all items in one batch. An
 * item without idempotency key gets one derived from the run (`withRetryKeys`): running the same
 * work again returns its entry as a duplicate instead of recording it twice.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const { batching, timeZone, signal } = readRecordingOptions(this);
	const recorder = defaultRecorderOf(this);
	const parameter = itemParameters(this);
	const autoMap = readInputMode(this) === 'autoMap';
	const recordedBy = autoMap ? readItemKeys(parameter, 0, recorder).recordedBy : recorder;
	const withKey = withRetryKeys<ContactInteractionInput>(this);
	const outcomes = await recordItems(
		this,
		(itemIndex): ContactInteractionInput =>
			withKey(
				autoMap
					? contactInputOf(autoMappedItem(this, itemIndex, CONTACT_FIELDS, recordedBy))
					: readItem(parameter, itemIndex, recorder),
				itemIndex,
			),
		async (inputs) =>
			(
				await recordContactInteractions(db, inputs, {
					timeZone,
					batching,
					unknownContact: this.getNodeParameter('unknownContact', 0, 'error'),
					signal,
				})
			).map(fromRecordOutcome),
	);
	return toOutputItems(this, outcomes);
}
