import type { INodeProperties } from 'n8n-workflow';

export const codeField: INodeProperties = {
	displayName: 'Code',
	name: 'code',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. PHONE',
	description: 'Up to 10 characters; stored trimmed and upper-cased',
};

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	description: 'Up to 100 characters',
};
