import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { LogEntryFilterInput } from '../../../lib/log';

const codeFilter = (displayName: string, name: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
});

/** The filters of the log entries page (docs/domain.md#s5-6); every one is optional. */
export const logFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Attempt Failed',
			name: 'attemptFailed',
			type: 'options',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Yes', value: 'true' },
				{ name: 'No', value: 'false' },
			],
			default: '',
		},
		codeFilter('Campaign No.', 'campaignNo', 'e.g. CP1001'),
		{
			displayName: 'Canceled',
			name: 'canceled',
			type: 'options',
			options: [
				{ name: 'Exclude', value: 'exclude', description: 'Only entries that are not canceled' },
				{ name: 'Include', value: 'include', description: 'Canceled entries too, marked' },
				{ name: 'Only', value: 'only', description: 'Only canceled entries' },
			],
			default: 'exclude',
		},
		codeFilter('Company No.', 'companyNo', 'e.g. CT000100'),
		{
			...codeFilter('Contact No.', 'contactNo', 'e.g. CT000123'),
			description: 'Entries with this contact',
		},
		{
			displayName: 'Date From',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			description:
				'Entries at or after this time; without an offset it is read in the workflow time zone',
		},
		{
			displayName: 'Date To',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			description:
				'Entries before this time; a date without a time includes that whole day (workflow time zone)',
		},
		codeFilter('Document Kind', 'documentKind', 'e.g. sales_invoice'),
		codeFilter('Document No.', 'documentNo', 'e.g. INV-1001'),
		{
			displayName: 'Evaluation',
			name: 'evaluation',
			type: 'options',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Negative', value: 'negative' },
				{ name: 'Neutral', value: 'neutral' },
				{ name: 'Positive', value: 'positive' },
				{ name: 'Very Negative', value: 'very_negative' },
				{ name: 'Very Positive', value: 'very_positive' },
			],
			default: '',
		},
		codeFilter('Group Code', 'groupCode', 'e.g. PHONE'),
		{
			displayName: 'Include Company Persons',
			name: 'includeCompanyPersons',
			type: 'boolean',
			default: false,
			description:
				"Whether a company's Contact No. also lists the entries of its persons, as the company's statistics count them.",
		},
		{
			displayName: 'Information Flow',
			name: 'informationFlow',
			type: 'options',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Outbound', value: 'outbound' },
				{ name: 'Inbound', value: 'inbound' },
			],
			default: '',
		},
		{
			displayName: 'Initiated By',
			name: 'initiatedBy',
			type: 'options',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Us', value: 'us' },
				{ name: 'Them', value: 'them' },
			],
			default: '',
		},
		{
			displayName: 'Logged Segment Entry No.',
			name: 'loggedSegmentEntryNo',
			type: 'number',
			default: 0,
			description: 'Entries logged with this logged segment; 0 for any',
		},
		codeFilter('Salesperson Code', 'salespersonCode', 'e.g. JO'),
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only entries whose description or subject contains this text',
		},
		codeFilter('Segment No.', 'segmentNo', 'e.g. SEG0001'),
		codeFilter('Template Code', 'templateCode', 'e.g. OUTCALL'),
	],
};

/** The collection's values as the library reads them; 0 for a logged segment means none. */
export function toLogQueryInput(filters: IDataObject): LogEntryFilterInput {
	const { loggedSegmentEntryNo, ...rest } = filters;
	return {
		...rest,
		loggedSegmentEntryNo: loggedSegmentEntryNo === 0 ? undefined : loggedSegmentEntryNo,
	};
}
