import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { eraseContact } from '../../../../lib/privacy';
import { actorOf } from '../../../shared/actor';
import { contactRLC, dryRunParameters, updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['erase'] } },
	[
		{
			...contactRLC,
			description:
				'The contact to erase on request. Its personal data goes from the contact, its relations and segment lines, its entries, comments and audit; the entries keep their figures under a random pseudonym, so statistics do not change. A company is refused while it has persons who are not erased.',
		},
		...dryRunParameters('Whether to only list what would change, per table, changing nothing'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Actor',
					name: 'actor',
					type: 'string',
					default: '',
					description: 'Who erases, kept in the audit. Default: this workflow and execution.',
				},
				{
					displayName: 'Reason',
					name: 'reason',
					type: 'string',
					default: '',
					description:
						"Why, kept in the audit, e.g. the request's ticket number; a mention of the person is replaced",
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const isTool = this.getNode().type.endsWith('Tool');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result = await eraseContact(db, {
		contactNo: this.getNodeParameter('contactNo', itemIndex, '', { extractValue: true }),
		dryRun: this.getNodeParameter('dryRun', itemIndex, isTool),
		actor: actorOf(this, options.actor),
		reason: options.reason,
	});
	return { ...result, changes: { ...result.changes } };
}
