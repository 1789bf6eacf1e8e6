import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { getLogEntryDetails } from '../../../lib/log';
import { updateDisplayOptions } from '../../shared/descriptions';

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, [
	{
		displayName: 'Entry No.',
		name: 'entryNo',
		type: 'number',
		required: true,
		default: 0,
		description: 'The number of the interaction log entry',
	},
]);

/** One entry with its comment lines and audit events. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const entry = await getLogEntryDetails(db, this.getNodeParameter('entryNo', itemIndex));
	return {
		...entry,
		comments: entry.comments.map((comment) => ({ ...comment })),
		events: entry.events.map((event) => ({ ...event })),
	};
}
