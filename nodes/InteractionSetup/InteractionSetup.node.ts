import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import { searchGroups, searchTemplates } from '../shared/methods/listSearch';
import * as group from './actions/group/Group.resource';
import { router } from './actions/router';
import * as template from './actions/template/Template.resource';

export class InteractionSetup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Interaction Setup',
		name: 'interactionSetup',
		icon: {
			light: 'file:../../icons/interactionLog.svg',
			dark: 'file:../../icons/interactionLog.dark.svg',
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
			{ name: 'interactionLogDatabaseApi', required: true, testedBy: 'interactionLogConnectionTest' },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group', description: 'Categories of templates' },
					{ name: 'Template', value: 'template', description: 'Defaults of an interaction' },
				],
				default: 'template',
			},
			...group.description,
			...template.description,
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: { searchGroups, searchTemplates },
	};

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
