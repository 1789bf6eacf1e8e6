import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Contact, ContactInput } from '../../../../lib/contacts';
import { correspondenceTypeOptions } from '../../../shared/choices';
import { inputJson } from '../../../shared/items';

/** The item fields Auto-Map reads; other fields of the item are ignored. */
export const CONTACT_INPUT_FIELDS = [
	'contactNo',
	'type',
	'companyNo',
	'name',
	'email',
	'phone',
	'correspondenceType',
	'salespersonCode',
	'privacyBlocked',
	'businessRelations',
	'homePage',
] as const satisfies readonly (keyof ContactInput)[];

export const contactFields: INodeProperties[] = [
	{
		displayName: 'Contact No.',
		name: 'contactNo',
		type: 'string',
		default: '',
		placeholder: 'e.g. CT000123',
		description:
			'Up to 20 characters; stored trimmed and upper-cased. Empty: the contact holding the business relations given, else a new contact numbered from the contact number series (e.g. CT000001).',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Company or person name (up to 100 characters)',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{
				name: 'Keep or Infer',
				value: '',
				description:
					'An existing contact keeps its type; a new one is a person when Company No. names another contact, else a company.',
			},
			{ name: 'Company', value: 'company' },
			{ name: 'Person', value: 'person' },
		],
		default: '',
	},
	{
		displayName: 'Company No.',
		name: 'companyNo',
		type: 'string',
		default: '',
		placeholder: 'e.g. CT000100',
		description:
			"A person's company (an existing company contact, or one upserted in the same run). Leave empty for a company.",
		displayOptions: { hide: { type: ['company'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'The contact is replaced as a whole: fields left out are emptied, except business relations, which are kept when not given',
		options: [
			{
				displayName: 'Business Relations',
				name: 'businessRelations',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Relation',
				description:
					"The contact's numbers in other systems, e.g. its customer number, used to find it when a document event arrives. When given, they replace the contact's relations; rows with an empty External No. are left out.",
				options: [
					{
						displayName: 'Relation',
						name: 'relation',
						values: [
							{
								displayName: 'Relation',
								name: 'relation',
								type: 'string',
								default: 'customer',
								description: 'Customer, vendor, or a name of your own (e.g. stripe_customer)',
							},
							{
								displayName: 'External No.',
								name: 'externalNo',
								type: 'string',
								default: '',
								placeholder: 'e.g. C10000',
								description:
									'The number there, kept exactly as given (case too), up to 250 characters, e.g. a Stripe customer ID or a Xero ContactID',
							},
						],
					},
				],
			},
			{
				displayName: 'Correspondence Type',
				name: 'correspondenceType',
				type: 'options',
				options: correspondenceTypeOptions,
				default: '',
				description: 'How the contact prefers to be written to',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Home Page',
				name: 'homePage',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://www.adatum.com',
				description:
					"A company's web site: Find by Email can find the company by its domain (up to 255 characters)",
			},
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{
				displayName: 'Privacy Blocked',
				name: 'privacyBlocked',
				type: 'boolean',
				default: false,
				description: 'Whether the contact is blocked for privacy reasons',
			},
			{
				displayName: 'Salesperson Code',
				name: 'salespersonCode',
				type: 'string',
				default: '',
				description:
					'Used for interactions with this contact when neither segment nor line sets one',
			},
		],
	},
];

// Rows with an empty External No. are left out, so one mapping fits items with and without a
// number (e.g. a customer number only companies have).
function relationList(value: unknown): IDataObject[] | undefined {
	if (value === undefined) return undefined;
	const { relation } = (value ?? {}) as { relation?: IDataObject[] };
	return (relation ?? []).filter(
		(row) => !(row.externalNo === undefined || row.externalNo === null || row.externalNo === ''),
	);
}

/** The contact of item `itemIndex`, from the parameters (Map Each Field) or the item (Auto-Map). */
export function readContactItem(context: IExecuteFunctions, itemIndex: number): ContactInput {
	const dataMode = context.getNodeParameter('dataMode', itemIndex) as string;
	if (dataMode === 'autoMap') {
		const json = inputJson(context, itemIndex);
		const fields = CONTACT_INPUT_FIELDS.filter((field) => field in json);
		return {
			...Object.fromEntries(fields.map((field) => [field, json[field]])),
			contactNo: json.contactNo,
		};
	}
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const type = context.getNodeParameter('type', itemIndex, '');
	return {
		...extra,
		contactNo: context.getNodeParameter('contactNo', itemIndex),
		name: context.getNodeParameter('name', itemIndex, ''),
		type: type === '' ? undefined : type,
		companyNo:
			type === 'company' ? undefined : context.getNodeParameter('companyNo', itemIndex, ''),
		businessRelations: relationList(extra.businessRelations),
	};
}

/** A contact as item JSON. */
export function contactJson(contact: Contact): IDataObject {
	return { ...contact, businessRelations: contact.businessRelations.map((r) => ({ ...r })) };
}
