import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import { searchDocumentKinds, searchSegments, searchTemplates } from '../shared/methods/listSearch';
import * as applyToItems from './actions/applyToItems.operation';
import * as assignToSegment from './actions/assignToSegment.operation';
import { router } from './actions/router';

export class ApplyTemplate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apply Template',
		name: 'applyTemplate',
		icon: {
			light: 'file:../../icons/applyTemplate.svg',
			dark: 'file:../../icons/applyTemplate.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			"Fill items with an interaction template's defaults, chosen by code or by document kind, or give a segment a template",
		defaults: { name: 'Apply Template' },
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
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Apply to Items',
						value: 'applyToItems',
						description:
							'Merge the template defaults onto each item: the output is the interaction Record Interaction would log',
						action: 'Apply a template to items',
					},
					{
						name: 'Assign to Segment',
						value: 'assignToSegment',
						description:
							'Set the template of a segment: its defaults are copied and the lines that followed the old template follow the new one',
						action: 'Assign a template to a segment',
					},
				],
				default: 'applyToItems',
			},
			...applyToItems.description,
			...assignToSegment.description,
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: { searchDocumentKinds, searchSegments, searchTemplates },
	};

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
