import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import {
	searchContacts,
	searchDocumentKinds,
	searchSegments,
	searchTemplates,
} from '../shared/methods/listSearch';
import * as contact from './actions/contact.operation';
import * as documentEvent from './actions/documentEvent.operation';
import { optionsCollection } from './actions/fields';
import { router } from './actions/router';
import * as segment from './actions/segment.operation';

export class RecordInteraction implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Record Interaction',
		name: 'recordInteraction',
		icon: {
			light: 'file:../../icons/recordInteraction.svg',
			dark: 'file:../../icons/recordInteraction.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{"for " + $parameter["target"]}}',
		description:
			'Record an interaction (call, letter, e-mail, meeting, document sent) with a contact in the interaction log',
		defaults: { name: 'Record Interaction' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'interactionLogDatabaseApi',
				required: true,
				testedBy: 'interactionLogConnectionTest',
			},
		],
		properties: [
			{
				displayName: 'Target',
				name: 'target',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Contact',
						value: 'contact',
						description: 'One interaction per item, with a template',
						action: 'Record an interaction with a contact',
					},
					{
						name: 'Document Event',
						value: 'documentEvent',
						description:
							'An invoice, quote or other document sent: the template comes from the template setup',
						action: 'Record a document event',
					},
					{
						name: 'Segment',
						value: 'segment',
						description: 'One interaction for every contact of a segment, in one transaction',
						action: 'Log a segment',
					},
				],
				default: 'contact',
			},
			...contact.description,
			...documentEvent.description,
			...segment.description,
			optionsCollection,
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: { searchContacts, searchDocumentKinds, searchSegments, searchTemplates },
	};

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
