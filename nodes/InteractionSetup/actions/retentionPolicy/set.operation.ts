import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { setRetentionPolicy } from '../../../../lib/privacy';
import { readTarget, targetFields } from './fields';

const show = { resource: ['retentionPolicy'], operation: ['set'] };

export const description = [
	...targetFields('set'),
	{
		displayName: 'Keep Months',
		name: 'keepMonths',
		type: 'number' as const,
		typeOptions: { minValue: 1, maxValue: 1200 },
		default: 24,
		required: true,
		description: 'How many months entries are kept after they occurred',
		displayOptions: { show },
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options' as const,
		options: [
			{
				name: 'Canceled Entries',
				value: 'canceled',
				description: 'Delete only canceled entries older than that',
			},
			{
				name: 'All Entries',
				value: 'all',
				description: 'Delete every entry older than that; statistics of those months go down',
			},
		],
		default: 'canceled',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection' as const,
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string' as const,
				default: '',
				description: 'Why entries are kept this long, e.g. the legal basis',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		...(await setRetentionPolicy(db, {
			...readTarget(this, itemIndex),
			keepMonths: this.getNodeParameter('keepMonths', itemIndex),
			scope: this.getNodeParameter('scope', itemIndex, 'canceled'),
			description: additional.description,
		})),
	};
}
