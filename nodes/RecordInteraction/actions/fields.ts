import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RecordBatching } from '../../../lib/record';
import { actorOf, actorOption } from '../../shared/actor';
import type { ItemParameter } from '../../shared/parameters';
import {
	correspondenceTypeOptions,
	evaluationOptions,
	informationFlowOptions,
	initiatedByOptions,
} from '../../shared/choices';

const withoutNone = (options: typeof evaluationOptions) => options.filter((o) => o.value !== '');

export const occurredAtField: INodeProperties = {
	displayName: 'Date and Time',
	name: 'occurredAt',
	type: 'dateTime',
	default: '',
	description:
		"When the interaction happened. Empty: now. A value without an offset is read in the workflow's time zone.",
	hint: "A number is read as Unix seconds below 100,000,000,000 (e.g. Stripe's created) and as milliseconds above (JavaScript's Date.now())",
};

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	description: "Up to 100 characters. Empty: the template's description.",
};

export const salespersonField: INodeProperties = {
	displayName: 'Salesperson Code',
	name: 'salespersonCode',
	type: 'string',
	default: '',
	description: "Who handled the interaction. Empty: the contact's salesperson.",
};

/** Values that override what the template and the contact give; each one only when added. */
export const interactionOverrideFields: INodeProperties[] = [
	{
		displayName: 'Attempt Failed',
		name: 'attemptFailed',
		type: 'boolean',
		default: false,
		description: 'Whether the interaction was attempted but not successful',
	},
	{ displayName: 'Campaign No.', name: 'campaignNo', type: 'string', default: '' },
	{
		displayName: 'Campaign Response',
		name: 'campaignResponse',
		type: 'boolean',
		default: false,
		description: "Whether the interaction is a response to the campaign (default: the template's)",
	},
	{
		displayName: 'Campaign Target',
		name: 'campaignTarget',
		type: 'boolean',
		default: false,
		description: "Whether the contact is a target of the campaign (default: the template's)",
	},
	{
		displayName: 'Contact Via',
		name: 'contactVia',
		type: 'string',
		default: '',
		description: 'The phone number dialled or the e-mail address used',
	},
	{
		displayName: 'Correspondence Type',
		name: 'correspondenceType',
		type: 'options',
		options: withoutNone(correspondenceTypeOptions),
		default: 'email',
		description:
			"Default: the template's, or the contact's preference unless the template ignores it. Email is cleared when the contact has no e-mail address.",
	},
	{
		displayName: 'Cost',
		name: 'cost',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: "Cost in local currency (default: the template's unit cost)",
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'durationMin',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: "Default: the template's unit duration",
	},
	{
		displayName: 'Evaluation',
		name: 'evaluation',
		type: 'options',
		options: withoutNone(evaluationOptions),
		default: 'neutral',
	},
	{
		displayName: 'Information Flow',
		name: 'informationFlow',
		type: 'options',
		options: withoutNone(informationFlowOptions),
		default: 'outbound',
		description: "Default: the template's",
	},
	{
		displayName: 'Initiated By',
		name: 'initiatedBy',
		type: 'options',
		options: withoutNone(initiatedByOptions),
		default: 'us',
		description: "Default: the template's",
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: '',
		description: "Default: the template's",
	},
	{ displayName: 'Opportunity No.', name: 'opportunityNo', type: 'string', default: '' },
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'Up to 100 characters',
	},
];

/** The batching mode, the idempotency key and who records: the same for every target. */
export const optionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batching',
			name: 'batching',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Transaction',
					value: 'transaction',
					description: 'All items in one transaction: if one fails, none is recorded',
				},
				{
					name: 'Independently',
					value: 'independently',
					description: 'Each item on its own: the good ones are recorded, a bad one fails alone',
				},
			],
			default: 'transaction',
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.eventId }}',
			description:
				'A key unique to the event, e.g. the webhook event ID: sending it again returns the entry already recorded, with duplicate = true',
		},
		actorOption('recorded the interaction, stored on the entry as recordedBy'),
	],
};

export interface RecordingOptions {
	readonly batching: RecordBatching;
	readonly timeZone: string;
	/** Fires when the execution is stopped: the batch stops at the next statement, rolled back. */
	readonly signal: AbortSignal | undefined;
}

/** The options read once per execution (they cannot differ between items). */
export function readRecordingOptions(context: IExecuteFunctions): RecordingOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batching: options.batching === 'independently' ? 'independently' : 'transaction',
		timeZone: context.getTimezone(),
		// Absent before n8n 1.x had execution cancellation for nodes.
		signal: context.getExecutionCancelSignal?.(),
	};
}

/** The idempotency key and recorder of item `itemIndex`. */
export function readItemKeys(parameter: ItemParameter, itemIndex: number, defaultRecorder: string) {
	const options = parameter('options', itemIndex, {}) as IDataObject;
	const actor = options.actor;
	return {
		idempotencyKey: options.idempotencyKey,
		recordedBy: typeof actor === 'string' && actor.trim() !== '' ? actor.trim() : defaultRecorder,
	};
}

/** Who recorded, when no Actor is given: the workflow and execution, as every node says it. */
export function defaultRecorderOf(context: IExecuteFunctions): string {
	return actorOf(context, undefined);
}
