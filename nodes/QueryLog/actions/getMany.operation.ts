import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listLogEntries, readLogQuery } from '../../../lib/log';
import { updateDisplayOptions } from '../../shared/descriptions';
import { readLimit, returnAllOrLimit } from '../../shared/paging';
import { logFilters, toLogQueryInput } from './filters';

export const description = updateDisplayOptions({ show: { operation: ['getMany'] } }, [
	...returnAllOrLimit,
	logFilters,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'After Entry No.',
				name: 'afterEntryNo',
				type: 'number',
				default: 0,
				description:
					'Continue after this entry in the chosen order, e.g. the last entry of the page before; 0 starts from the beginning',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'newest_first' },
					{ name: 'Oldest First', value: 'oldest_first' },
					{ name: 'Entry No. Descending', value: 'entry_no_descending' },
					{ name: 'Entry No. Ascending', value: 'entry_no_ascending' },
				],
				default: 'newest_first',
			},
		],
	},
]);

/**
 * The log entries page (docs/domain.md#s5-6) for each item's filters; Return All pages internally.
 */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const query = readLogQuery(
		{ ...toLogQueryInput(filters), order: options.order, afterEntryNo: options.afterEntryNo },
		this.getTimezone(),
	);
	const entries = await listLogEntries(db, query, {
		limit: readLimit(this, itemIndex) ?? null,
		signal: this.getExecutionCancelSignal?.(),
	});
	// Fresh plain objects of this call, handed on as the items' json without a copy: Return All of
	// a million entries would otherwise hold both at once (a third more memory at the peak).
	return entries as unknown as IDataObject[];
}
