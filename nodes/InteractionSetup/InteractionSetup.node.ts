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
	searchGroups,
	searchSegments,
	searchTemplates,
} from '../shared/methods/listSearch';
import * as contact from './actions/contact/Contact.resource';
import * as group from './actions/group/Group.resource';
import * as retentionPolicy from './actions/retentionPolicy/RetentionPolicy.resource';
import { router } from './actions/router';
import * as segment from './actions/segment/Segment.resource';
import * as template from './actions/template/Template.resource';
import * as templateSetup from './actions/templateSetup/TemplateSetup.resource';

export class InteractionSetup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Interaction Setup',
		name: 'interactionSetup',
		icon: {
			light: 'file:../../icons/interactionSetup.svg',
			dark: 'file:../../icons/interactionSetup.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage the interaction log setup: interaction groups, templates (the defaults copied into each logged interaction), the template setup for document events, contacts and segments',
		defaults: { name: 'Interaction Setup' },
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
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Contact',
						value: 'contact',
						description: 'Companies and persons that interactions are logged for',
					},
					{ name: 'Group', value: 'group', description: 'Categories of templates' },
					{
						name: 'Retention Policy',
						value: 'retentionPolicy',
						description: 'How long the entries of a template or group are kept',
					},
					{
						name: 'Segment',
						value: 'segment',
						description: 'Lists of contacts to log one interaction for, with its defaults',
					},
					{ name: 'Template', value: 'template', description: 'Defaults of an interaction' },
					{
						name: 'Template Setup',
						value: 'templateSetup',
						description: 'Which template records each kind of document event',
					},
				],
				default: 'template',
			},
			...contact.description,
			...group.description,
			...retentionPolicy.description,
			...segment.description,
			...template.description,
			...templateSetup.description,
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: {
			searchContacts,
			searchDocumentKinds,
			searchGroups,
			searchSegments,
			searchTemplates,
		},
	};

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
