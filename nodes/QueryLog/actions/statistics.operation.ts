import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	logStatistics,
	type StatisticsGroup,
	type StatisticsGroupBy,
} from '../../../lib/statistics';
import { updateDisplayOptions } from '../../shared/descriptions';

export const description = updateDisplayOptions({ show: { operation: ['statistics'] } }, [
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: [
			{ name: 'Campaign', value: 'campaign' },
			{
				name: 'Company',
				value: 'company',
				description: "A company's entries and its persons'",
			},
			{ name: 'Contact', value: 'contact', description: "Each contact's own entries" },
			{ name: 'Day', value: 'day', description: 'Days in the workflow time zone' },
			{ name: 'Group', value: 'group', description: 'Interaction group' },
			{ name: 'Month', value: 'month', description: 'Months in the workflow time zone' },
			{ name: 'Salesperson', value: 'salesperson' },
			{ name: 'Template', value: 'template', description: 'Interaction template' },
			{
				name: 'Week',
				value: 'week',
				description: 'Weeks from Monday in the workflow time zone',
			},
		],
		default: 'template',
	},
	{
		displayName: 'Date From',
		name: 'dateFrom',
		type: 'dateTime',
		default: '',
		description:
			'Count entries at or after this time; without an offset it is read in the workflow time zone',
	},
	{
		displayName: 'Date To',
		name: 'dateTo',
		type: 'dateTime',
		default: '',
		description:
			'Count entries before this time; a date without a time includes that whole day (workflow time zone)',
	},
]);

// The item field that holds the group's key, named as on an entry.
const KEY_FIELDS: Record<StatisticsGroupBy, string> = {
	template: 'templateCode',
	group: 'groupCode',
	salesperson: 'salespersonCode',
	campaign: 'campaignNo',
	contact: 'contactNo',
	company: 'companyNo',
	day: 'period',
	week: 'period',
	month: 'period',
};

// One object literal per shape, built at once in its final layout, not spread or field by field:
// 8,000 contacts' groups are 8,000 of these in an n8n process busy collecting garbage.
function toItem(group: StatisticsGroup): IDataObject {
	if (group.periodStart !== null) {
		return {
			groupBy: group.groupBy,
			[KEY_FIELDS[group.groupBy]]: group.key,
			periodStart: group.periodStart,
			periodEnd: group.periodEnd,
			noOfInteractions: group.noOfInteractions,
			cost: group.cost,
			durationMin: group.durationMin,
		};
	}
	return {
		groupBy: group.groupBy,
		[KEY_FIELDS[group.groupBy]]: group.key,
		name: group.name,
		noOfInteractions: group.noOfInteractions,
		cost: group.cost,
		durationMin: group.durationMin,
	};
}

/**
 * Number of interactions, cost and duration per group (docs/domain.md#s12, canceled and postponed
 * entries excluded), read from the maintained sums: one item per group.
 */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const groups = await logStatistics(db, {
		groupBy: this.getNodeParameter('groupBy', itemIndex),
		dateFrom: this.getNodeParameter('dateFrom', itemIndex, ''),
		dateTo: this.getNodeParameter('dateTo', itemIndex, ''),
		timeZone: this.getTimezone(),
	});
	return groups.map(toItem);
}
