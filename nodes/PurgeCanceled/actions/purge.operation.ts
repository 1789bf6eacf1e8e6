import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_PURGE_BATCH_SIZE,
	DEFAULT_PURGE_MAX_ROWS,
	purgeCanceled,
	type PurgeFilterInput,
} from '../../../lib/purge';
import { applyRetentionPolicies } from '../../../lib/privacy';
import { actorOf, actorOption, reasonOption } from '../../shared/actor';
import { contactRLC, dryRunParameters, groupRLC, templateRLC } from '../../shared/descriptions';

// A picker inside the filters: optional there, and an empty value means "any".
const optionalPicker = (picker: INodeProperties, description: string): INodeProperties => ({
	...picker,
	required: false,
	description,
});

const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'Narrow the purge down. Whatever the filters, only canceled entries are deleted.',
	displayOptions: { show: { mode: ['filters'] } },
	options: [
		{
			displayName: 'Campaign No.',
			name: 'campaignNo',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Canceled Before',
			name: 'canceledBefore',
			type: 'dateTime',
			default: '',
			description:
				'Only entries canceled before this time, e.g. {{ $now.minus({ days: 90 }).toISO() }}; a time without offset is read in the workflow time zone',
		},
		optionalPicker(contactRLC, 'Only entries with this contact'),
		{
			displayName: 'Entry No. From',
			name: 'entryNoFrom',
			type: 'number',
			default: 1,
			description: 'Only entries with this entry number or a higher one',
		},
		{
			displayName: 'Entry No. To',
			name: 'entryNoTo',
			type: 'number',
			default: 1,
			description: 'Only entries with this entry number or a lower one',
		},
		optionalPicker(groupRLC, 'Only entries of this interaction group'),
		{
			displayName: 'Logged Segment Entry No.',
			name: 'loggedSegmentEntryNo',
			type: 'number',
			default: 1,
			description: 'Only entries logged with this logged segment',
		},
		{
			displayName: 'Occurred Before',
			name: 'occurredBefore',
			type: 'dateTime',
			default: '',
			description: 'Only interactions that took place before this time',
		},
		{
			displayName: 'Occurred From',
			name: 'occurredFrom',
			type: 'dateTime',
			default: '',
			description: 'Only interactions that took place at or after this time',
		},
		{
			displayName: 'Salesperson Code',
			name: 'salespersonCode',
			type: 'string',
			default: '',
		},
		optionalPicker(templateRLC, 'Only entries logged with this interaction template'),
	],
};

const mode: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Canceled Entries by Filters',
			value: 'filters',
			description: 'Delete the canceled entries that match the filters',
		},
		{
			name: 'Retention Policies',
			value: 'retention',
			description:
				"Apply every retention policy (Interaction Setup → Retention Policy): entries older than their template's or group's policy go, one audit record per policy",
		},
	],
	default: 'filters',
};

export const description: INodeProperties[] = [
	mode,
	filters,
	...dryRunParameters(
		'Whether to only count what would be deleted (in total and by template), deleting nothing',
	),
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_PURGE_BATCH_SIZE,
		description:
			'Canceled entries per delete statement, each in its own short transaction, so logging that runs meanwhile waits at most one batch',
	},
	{
		displayName: 'Max Rows per Run',
		name: 'maxRows',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_PURGE_MAX_ROWS,
		description:
			'Stop after deleting this many entries (per policy in Retention mode); the output says how many remain',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [actorOption('runs the purge'), reasonOption('retention: 90 days after cancel')],
	},
];

const PICKED_FILTERS = ['contactNo', 'groupCode', 'templateCode'] as const;

function readFilters(context: IExecuteFunctions, itemIndex: number): PurgeFilterInput {
	const given = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const picked = Object.fromEntries(
		PICKED_FILTERS.filter((name) => given[name] !== undefined).map((name) => [
			name,
			context.getNodeParameter(`filters.${name}`, itemIndex, '', { extractValue: true }),
		]),
	);
	return { ...given, ...picked };
}

/**
 * Runs one purge (or dry run) per input item and returns one item with its counts; in Retention
 * mode one run per policy, with the same batching, dry run and audit, in one item.
 */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const isTool = this.getNode().type.endsWith('Tool');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (this.getNodeParameter('mode', itemIndex, 'filters') === 'retention') {
		const applied = await applyRetentionPolicies(db, {
			dryRun: this.getNodeParameter('dryRun', itemIndex, isTool),
			batchSize: this.getNodeParameter('batchSize', itemIndex, DEFAULT_PURGE_BATCH_SIZE),
			maxRows: this.getNodeParameter('maxRows', itemIndex, DEFAULT_PURGE_MAX_ROWS),
			actor: actorOf(this, options.actor),
			reason: options.reason,
		});
		return JSON.parse(JSON.stringify(applied)) as IDataObject;
	}
	const result = await purgeCanceled(db, {
		filters: readFilters(this, itemIndex),
		timeZone: this.getTimezone(),
		dryRun: this.getNodeParameter('dryRun', itemIndex, isTool),
		batchSize: this.getNodeParameter('batchSize', itemIndex, DEFAULT_PURGE_BATCH_SIZE),
		maxRows: this.getNodeParameter('maxRows', itemIndex, DEFAULT_PURGE_MAX_ROWS),
		actor: actorOf(this, options.actor),
		reason: options.reason,
		signal: this.getExecutionCancelSignal?.(),
	});
	return { ...result, filters: { ...result.filters }, byTemplate: { ...result.byTemplate } };
}
