import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { removeSegmentContacts } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { contactNosField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['removeContacts'] } },
	[
		segmentRLC,
		{
			displayName: 'Remove',
			name: 'removeBy',
			type: 'options',
			options: [
				{ name: 'Listed Contacts', value: 'contacts' },
				{ name: 'Listed Line Numbers', value: 'lines' },
				{ name: 'All Lines', value: 'all' },
			],
			default: 'contacts',
			description: 'Contacts or lines not in the segment are ignored; the contacts themselves stay',
		},
		{ ...contactNosField, displayOptions: { show: { removeBy: ['contacts'] } } },
		{
			displayName: 'Line Nos.',
			name: 'lineNos',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1, 2, 5',
			description: 'Line numbers separated by commas, or an expression giving a list',
			displayOptions: { show: { removeBy: ['lines'] } },
		},
	],
);

/** A list of line numbers: a list as given, or text split at commas, semicolons and spaces. */
function lineNoList(value: unknown): unknown {
	return typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value;
}

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const segmentNo = this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true });
	const removeBy = this.getNodeParameter('removeBy', itemIndex) as string;
	return {
		...(await removeSegmentContacts(db, {
			segmentNo,
			all: removeBy === 'all',
			contactNos:
				removeBy === 'contacts' ? this.getNodeParameter('contactNos', itemIndex, '') : undefined,
			lineNos:
				removeBy === 'lines'
					? lineNoList(this.getNodeParameter('lineNos', itemIndex, ''))
					: undefined,
		})),
	};
}
