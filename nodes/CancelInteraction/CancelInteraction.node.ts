import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import * as cancel from './actions/cancel.operation';
import * as restore from './actions/restore.operation';
import { router } from './actions/router';

export class CancelInteraction implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cancel Interaction',
		name: 'cancelInteraction',
		icon: {
			light: 'file:../../icons/cancelInteraction.svg',
			dark: 'file:../../icons/cancelInteraction.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + " by " + $parameter["by"]}}',
		description:
			'Cancel or restore logged interactions, by entry, by logged segment or by document. Canceled entries stay in the log, drop out of statistics and can be purged later.',
		defaults: { name: 'Cancel Interaction' },
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
						name: 'Cancel',
						value: 'cancel',
						description: 'Mark entries canceled; entries already canceled are left as they are',
						action: 'Cancel interactions',
					},
					{
						name: 'Restore',
						value: 'restore',
						description:
							'Clear the canceled mark; an entry whose logged segment is canceled is restored through its logged segment',
						action: 'Restore canceled interactions',
					},
				],
				default: 'cancel',
			},
			...cancel.description,
			...restore.description,
		],
	};

	methods = { credentialTest: { interactionLogConnectionTest } };

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
