import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TemplateInput } from '../../../../lib/setup';
import { interactionDefaultsFields } from '../../../shared/interactionDefaults';

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
export const defaultsFields = interactionDefaultsFields('template');

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
