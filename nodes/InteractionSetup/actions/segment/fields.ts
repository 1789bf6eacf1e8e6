import type { INodeProperties } from 'n8n-workflow';

import { interactionDefaultsFields as sharedDefaultsFields } from '../../../shared/interactionDefaults';

export const segmentNoField: INodeProperties = {
	displayName: 'Segment No.',
	name: 'segmentNo',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. SEG0001',
	description:
		'Up to 20 characters; stored trimmed and upper-cased. A number can be logged only once.',
};

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	description:
		"What the segment is for (up to 100 characters); lines use it as the interaction description. Empty takes the template's.",
};

/** The interaction defaults of a segment header that its lines inherit (docs/domain.md#s6-1). */
export const interactionDefaultsFields = sharedDefaultsFields('segment', [
	{
		displayName: 'Interaction Date',
		name: 'interactionDate',
		type: 'dateTime',
		default: '',
		description:
			'The day the interactions happen (only the date counts); empty: the day of logging',
	},
	{
		displayName: 'Salesperson Code',
		name: 'salespersonCode',
		type: 'string',
		default: '',
		description: "Lines without their own salesperson use this one, else the contact's",
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'Subject of the interactions (up to 100 characters)',
	},
]);

/** A list of contact numbers as one text, or an expression giving a list. */
export const contactNosField: INodeProperties = {
	displayName: 'Contact Nos.',
	name: 'contactNos',
	type: 'string',
	default: '',
	placeholder: 'e.g. CT000101, CT000102',
	description:
		"Contact numbers separated by commas, or an expression giving a list. To add every input item's contact in one go, set the node to Execute Once and collect the numbers of all items with $input.all().",
};
