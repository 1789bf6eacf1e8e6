import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import { pollLog } from './poll';

export class InteractionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Interaction Trigger',
		name: 'interactionTrigger',
		icon: {
			light: 'file:../../icons/interactionTrigger.svg',
			dark: 'file:../../icons/interactionTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when interactions are recorded, canceled or restored in the interaction log',
		defaults: { name: 'Interaction Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'interactionLogDatabaseApi',
				required: true,
				testedBy: 'interactionLogConnectionTest',
			},
		],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Entry Canceled',
						value: 'canceled',
						description: 'An entry was canceled; the item carries the audit event',
					},
					{
						name: 'Entry Restored',
						value: 'restored',
						description: 'A canceled entry was restored; the item carries the audit event',
					},
					{
						name: 'New Entry',
						value: 'recorded',
						description: 'An interaction was recorded',
					},
				],
				default: 'recorded',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Contact No.',
						name: 'contactNo',
						type: 'string',
						default: '',
						placeholder: 'e.g. CT000123',
						description: "A person's entries, or a company's with its persons'",
					},
					{
						displayName: 'Group Code',
						name: 'groupCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. PHONE',
					},
					{
						displayName: 'Template Code',
						name: 'templateCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. INCALL',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Items per Poll',
						name: 'maxItemsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1000,
						description: 'More wait for the next poll, in order',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
	};

	async poll(this: IPollFunctions) {
		return await pollLog.call(this);
	}
}
