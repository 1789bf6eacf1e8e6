import type { INodeProperties } from 'n8n-workflow';

import { correspondenceTypeOptions, informationFlowOptions, initiatedByOptions } from './choices';

/**
 * The interaction defaults a template holds and a segment header overrides for its lines
 * (docs/domain.md#s3, docs/domain.md#s6-1): one list for both, plus the fields only `extra`
 * adds, sorted by name as the editor lists them.
 */
export function interactionDefaultsFields(
	owner: 'template' | 'segment',
	extra: INodeProperties[] = [],
): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Campaign No.', name: 'campaignNo', type: 'string', default: '' },
		{
			displayName: 'Campaign Response',
			name: 'campaignResponse',
			type: 'boolean',
			default: false,
			description: 'Whether the interaction is a response to the campaign',
		},
		{
			displayName: 'Campaign Target',
			name: 'campaignTarget',
			type: 'boolean',
			default: false,
			description: 'Whether the interaction counts the contact as a campaign target',
		},
		{
			displayName: 'Correspondence Type',
			name: 'correspondenceType',
			type: 'options',
			options: correspondenceTypeOptions,
			default: '',
		},
		{
			displayName: 'Ignore Contact Correspondence Type',
			name: 'ignoreContactCorresType',
			type: 'boolean',
			default: false,
			description: `Whether the ${owner}'s correspondence type wins over the contact's preference`,
		},
		{
			displayName: 'Information Flow',
			name: 'informationFlow',
			type: 'options',
			options: informationFlowOptions,
			default: '',
		},
		{
			displayName: 'Initiated By',
			name: 'initiatedBy',
			type: 'options',
			options: initiatedByOptions,
			default: '',
		},
		{ displayName: 'Language Code', name: 'languageCode', type: 'string', default: '' },
		{
			displayName: 'Unit Cost',
			name: 'unitCost',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'Cost of one interaction (local currency)',
		},
		{
			displayName: 'Unit Duration (Minutes)',
			name: 'unitDurationMin',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
		},
		...extra,
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
