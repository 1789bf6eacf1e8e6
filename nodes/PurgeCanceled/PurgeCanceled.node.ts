import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { interactionLogConnectionTest } from '../shared/connection';
import { searchContacts, searchGroups, searchTemplates } from '../shared/methods/listSearch';
import { runOperation } from '../shared/operation';
import * as purge from './actions/purge.operation';

export class PurgeCanceled implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Purge Canceled',
		name: 'purgeCanceled',
		icon: {
			light: 'file:../../icons/purgeCanceled.svg',
			dark: 'file:../../icons/purgeCanceled.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["dryRun"] ? "dry run" : "delete"}}',
		description:
			'Delete canceled interaction log entries, or apply the retention policies, for scheduled cleanup: in batches, with a dry run that counts first and an audit record per run',
		defaults: { name: 'Purge Canceled' },
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
		properties: purge.description,
	};

	methods = {
		credentialTest: { interactionLogConnectionTest },
		listSearch: { searchContacts, searchGroups, searchTemplates },
	};

	async execute(this: IExecuteFunctions) {
		return [await runOperation(this, purge)];
	}
}
