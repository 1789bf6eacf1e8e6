import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Dropdown options for the stored enumerations (docs/domain.md#s5-1); '' stands for the blank
 * value.
 */
export const informationFlowOptions: INodePropertyOptions[] = [
	{ name: 'None', value: '' },
	{ name: 'Outbound', value: 'outbound', description: 'Information went to the contact' },
	{ name: 'Inbound', value: 'inbound', description: 'Information came from the contact' },
];

export const initiatedByOptions: INodePropertyOptions[] = [
	{ name: 'None', value: '' },
	{ name: 'Us', value: 'us' },
	{ name: 'Them', value: 'them' },
];

export const correspondenceTypeOptions: INodePropertyOptions[] = [
	{ name: 'None', value: '' },
	{ name: 'Hard Copy', value: 'hard_copy' },
	{ name: 'Email', value: 'email' },
	{ name: 'Fax', value: 'fax' },
];

export const evaluationOptions: INodePropertyOptions[] = [
	{ name: 'None', value: '' },
	{ name: 'Very Positive', value: 'very_positive' },
	{ name: 'Positive', value: 'positive' },
	{ name: 'Neutral', value: 'neutral' },
	{ name: 'Negative', value: 'negative' },
	{ name: 'Very Negative', value: 'very_negative' },
];
