import type { INodeProperties } from 'n8n-workflow';

/**
 * Picker for a document kind of the template setup: the builtin slots of Business Central's
 * Interaction Template Setup and the custom kinds added so far, or a name typed in (which Template
 * Setup → Set adds as a custom kind).
 */
export const documentKindRLC: INodeProperties = {
	displayName: 'Document Kind',
	name: 'documentKind',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The kind of document event, e.g. Sales Invoice (sales_invoice), or a custom kind such as webinar_registration',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a document kind…',
			typeOptions: { searchListMethod: 'searchDocumentKinds', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. sales_invoice or Webinar Registration',
		},
	],
};
