import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readContactInput } from '../../../../lib/contacts';
import { upsertContacts, type ContactInput } from '../../../../lib/contacts';
import { isInteractionLogError } from '../../../../lib/core';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { toNodeError } from '../../../shared/errors';
import { failedItem } from '../../../shared/items';
import { contactFields, readContactItem } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['upsert'] } },
	[
		{
			displayName: 'Data Mode',
			name: 'dataMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Map Each Field Below',
					value: 'defineBelow',
					description: 'Set the contact fields with the parameters below, per item',
				},
				{
					name: 'Auto-Map Input Data',
					value: 'autoMap',
					description:
						'Take contactNo (empty: from the number series), type, companyNo, name, email, phone, homePage, correspondenceType, salespersonCode, privacyBlocked and businessRelations from each item',
				},
			],
			default: 'defineBelow',
			description:
				'All items are written together in one transaction with a few set-based statements, so thousands of contacts take about as long as a handful',
		},
		...updateDisplayOptions({ show: { dataMode: ['defineBelow'] } }, contactFields),
	],
);

/** The index inside the batch call that a library batch error names, if any. */
function batchIndexOf(error: unknown): number | undefined {
	return isInteractionLogError(error) ? error.details.index : undefined;
}

/** The single item's error inside a batch error (the batch one adds a count of other failures). */
function itemErrorOf(error: unknown): unknown {
	return isInteractionLogError(error) && isInteractionLogError(error.cause) ? error.cause : error;
}

/**
 * Upserts every item's contact in one `upsertContacts` call (set-based). Without continueOnFail
 * a bad item stops the node and nothing is written. With it, items that fail on their own are
 * left out first; a batch that still fails (e.g. a person whose company is missing) is retried
 * without the item it names, so the valid items are written together.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const output: INodeExecutionData[] = new Array(count);
	const inputs: ContactInput[] = [];
	let pending: number[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			inputs[itemIndex] = readContactItem(this, itemIndex);
			if (continueOnFail) readContactInput(inputs[itemIndex]);
			pending.push(itemIndex);
		} catch (error) {
			output[itemIndex] = failedItem(this, error, itemIndex);
		}
	}
	while (pending.length > 0) {
		try {
			const { contactNos } = await upsertContacts(
				db,
				pending.map((itemIndex) => inputs[itemIndex]),
			);
			pending.forEach((itemIndex, position) => {
				output[itemIndex] = {
					json: { contactNo: contactNos[position], upserted: true },
					pairedItem: { item: itemIndex },
				};
			});
			break;
		} catch (error) {
			const position = batchIndexOf(error);
			if (position === undefined) {
				if (!continueOnFail) throw toNodeError(this.getNode(), error);
				for (const itemIndex of pending) output[itemIndex] = failedItem(this, error, itemIndex);
				break;
			}
			const itemIndex = pending[position];
			// Throws without continueOnFail: nothing was written.
			output[itemIndex] = failedItem(this, continueOnFail ? itemErrorOf(error) : error, itemIndex);
			pending = pending.filter((_, i) => i !== position);
		}
	}
	return output;
}
