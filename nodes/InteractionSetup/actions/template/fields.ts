import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TemplateInput } from '../../../../lib/setup';
import {
	correspondenceTypeOptions,
	informationFlowOptions,
	initiatedByOptions,
} from '../../../shared/choices';

export const codeField: INodeProperties = {
	displayName: 'Code',
	name: 'code',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. OUTCALL',
	description: 'Up to 10 characters; stored trimmed and upper-cased',
};

export const groupCodeField: INodeProperties = {
	displayName: 'Group Code',
	name: 'groupCode',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. PHONE',
	description: 'The existing interaction group the template belongs to',
};

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	description:
		'Default description of interactions logged with this template (up to 100 characters)',
};

/** The template's defaults that are copied into every entry logged with it. */
export const defaultsFields: INodeProperties[] = [
	{ displayName: 'Campaign No.', name: 'campaignNo', type: 'string', default: '' },
	{
		displayName: 'Campaign Response',
		name: 'campaignResponse',
		type: 'boolean',
		default: false,
		description: 'Whether the interaction is a response to a campaign',
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
		description: "Whether the template's correspondence type wins over the contact's preference",
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
		description: 'Default cost of one interaction (local currency)',
	},
	{
		displayName: 'Unit Duration (Minutes)',
		name: 'unitDurationMin',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
	},
];

export const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: defaultsFields,
};

/** Reads code, group, description and the additional fields of item `itemIndex`. */
export function readTemplateInput(
	context: IExecuteFunctions,
	itemIndex: number,
	code: unknown,
): TemplateInput {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		...extra,
		code,
		groupCode: context.getNodeParameter('groupCode', itemIndex, ''),
		description: context.getNodeParameter('description', itemIndex, ''),
	};
}
