import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import { searchContacts } from '../shared/methods/listSearch';
import * as contactSummary from './actions/contactSummary.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import { router } from './actions/router';
import * as statistics from './actions/statistics.operation';

export class QueryLog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Query Log',
		name: 'queryLog',
		icon: {
			light: 'file:../../icons/queryLog.svg',
			dark: 'file:../../icons/queryLog.dark.svg',
		},
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'List interaction log entries with filters, get one with its comments and audit, count interactions, cost and duration, and sum up contacts',
		defaults: { name: 'Query Log' },
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
						name: 'Contact Summary',
						value: 'contactSummary',
						description:
							'Number of interactions, cost, duration, date of last interaction and last date attempted of a contact',
						action: 'Sum up a contact',
					},
					{
						name: 'Get',
						value: 'get',
						description: 'One entry by number, with its comment lines and audit events',
						action: 'Get a log entry',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'Entries matching filters, newest first',
						action: 'Get many log entries',
					},
					{
						name: 'Statistics',
						value: 'statistics',
						description:
							'Number of interactions, cost and duration by template, group, contact, salesperson, campaign or period',
						action: 'Get interaction statistics',
					},
				],
				default: 'getMany',
			},
			...contactSummary.description,
			...get.description,
			...getMany.description,
			...statistics.description,
		],
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: { searchContacts },
	};

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
