import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { setContactNumberSeries } from '../../../../lib/contacts';
import { updateDisplayOptions } from '../../../shared/descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['setNumberSeries'] } },
	[
		{
			displayName: 'Prefix',
			name: 'prefix',
			type: 'string',
			default: 'CT',
			description:
				'Letters, digits and . _ - / before the counter, stored upper-cased; empty for none.',
		},
		{
			displayName: 'Digits',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 15 },
			default: 6,
			description:
				'Width of the zero-padded counter (CT + 6 digits: CT000001); prefix and digits hold at most 20 characters',
		},
		{
			displayName: 'Next Number',
			name: 'nextNo',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'The counter value the next new contact gets, e.g. 1000 for CT001000. 0: keep the counter. Numbers contacts already hold are skipped.',
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	db: Knex,
	itemIndex: number,
): Promise<IDataObject> {
	const nextNo = this.getNodeParameter('nextNo', itemIndex, 0);
	return {
		...(await setContactNumberSeries(db, {
			prefix: this.getNodeParameter('prefix', itemIndex, ''),
			width: this.getNodeParameter('width', itemIndex, 6),
			nextNo: nextNo === 0 ? undefined : nextNo,
		})),
	};
}
