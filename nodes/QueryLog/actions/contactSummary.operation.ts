import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { contactSummaries } from '../../../lib/statistics';
import { contactRLC, updateDisplayOptions } from '../../shared/descriptions';
import { failedItem } from '../../shared/items';

export const description = updateDisplayOptions({ show: { operation: ['contactSummary'] } }, [
	{
		...contactRLC,
		description:
			"The contact to sum up: a company's figures include its persons', a person's only its own",
	},
]);

/**
 * The contact statistics (docs/domain.md#s12) for every item's contact in one query: number of
 * interactions, cost, duration, date of last interaction and last date attempted.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const contactNos = items.map((_item, itemIndex) =>
		this.getNodeParameter('contactNo', itemIndex, '', { extractValue: true }),
	);
	const outcomes = await contactSummaries(db, { contactNos, timeZone: this.getTimezone() });
	return outcomes.map((outcome, itemIndex) =>
		outcome.ok
			? { json: { ...outcome.summary }, pairedItem: { item: itemIndex } }
			: failedItem(this, outcome.error, itemIndex),
	);
}
