import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { upsertContactItems, type ContactInput } from '../../../../lib/contacts';
import { InteractionLogError, UnreadableInput } from '../../../../lib/core';
import { updateDisplayOptions } from '../../../shared/descriptions';
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

/**
 * Upserts every item's contact in one set-based call (`upsertContactItems`) and maps each
 * outcome to its item. Without continueOnFail all items are written or none (Batching
 * "Transaction"): the first bad item stops the node. With it, the valid items are written
 * together and each bad one becomes an error item.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const inputs: (ContactInput | UnreadableInput)[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			inputs.push(readContactItem(this, itemIndex));
		} catch (error) {
			inputs.push(new UnreadableInput(error));
		}
	}
	const outcomes = await upsertContactItems(
		db,
		inputs,
		continueOnFail ? 'independently' : 'transaction',
	);
	if (!continueOnFail) {
		const failedAt = outcomes.findIndex((o) => o.status === 'failed');
		if (failedAt >= 0) {
			failedItem(this, (outcomes[failedAt] as { error: unknown }).error, failedAt);
		}
	}
	return outcomes.map((outcome, itemIndex): INodeExecutionData => {
		if (outcome.status === 'recorded') {
			return {
				json: { contactNo: outcome.contactNo, upserted: true },
				pairedItem: { item: itemIndex },
			};
		}
		if (outcome.status === 'failed') return failedItem(this, outcome.error, itemIndex);
		return failedItem(
			this,
			new InteractionLogError(
				'CONFLICT',
				outcome.status === 'rolledBack'
					? `Not written: item ${outcome.causeIndex} failed, and all items are written or none`
					: outcome.reason,
			),
			itemIndex,
		);
	});
}
