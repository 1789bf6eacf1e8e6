import type { INodeProperties } from 'n8n-workflow';

import type { ItemParameter } from '../../shared/parameters';
import { contactRLC } from '../../shared/descriptions';

// How an item names its contact, the same for the Contact and Document Event targets: by number,
// by a number another system gives it (business relation), or by e-mail address.

const byRelation = { show: { findContactBy: ['businessRelation'] } };
const byEmail = { show: { findContactBy: ['email'] } };

/** Find Contact By and the fields of each way; the caller scopes them to its target. */
export function findContactFields(): INodeProperties[] {
	return [
		{
			displayName: 'Find Contact By',
			name: 'findContactBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Contact No.', value: 'contactNo' },
				{
					name: 'Business Relation',
					value: 'businessRelation',
					description:
						"A number the contact holds in another system, e.g. the invoice system's customer number",
				},
				{
					name: 'Email',
					value: 'email',
					description: "The contact's e-mail address, e.g. the sender of a mail",
				},
			],
			default: 'contactNo',
		},
		{ ...contactRLC, displayOptions: { show: { findContactBy: ['contactNo'] } } },
		{
			displayName: 'Relation',
			name: 'relation',
			type: 'string',
			default: 'customer',
			description: 'The business relation: customer, vendor, or a custom one',
			displayOptions: byRelation,
		},
		{
			displayName: 'Number in Other System',
			name: 'externalNo',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. C10000',
			description:
				'The number the contact has there, e.g. the customer number on the invoice; matched exactly, case included',
			displayOptions: byRelation,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.from }}',
			description:
				'One address, also as "Ann Lee &lt;ann@adatum.com&gt;". Matched case-insensitively against the e-mail of persons and companies: one person with the address wins; two persons, or no person and two companies, are an error (never a guess).',
			displayOptions: byEmail,
		},
		{
			displayName: 'Match',
			name: 'emailMatch',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Address Only',
					value: 'address',
					description: 'Only a contact with exactly this address (case-insensitive)',
				},
				{
					name: 'Address, Then Company Domain',
					value: 'address_or_domain',
					description:
						'If no contact has the address: the one company whose e-mail or home page is at its domain, never for public mail domains such as gmail.com',
				},
			],
			default: 'address',
			displayOptions: byEmail,
		},
	];
}

/** The contact reference of item `itemIndex`, as lib reads it. */
export function readContactRefParameters(parameter: ItemParameter, itemIndex: number) {
	const by = parameter('findContactBy', itemIndex, 'contactNo');
	if (by === 'businessRelation') {
		return {
			relation: parameter('relation', itemIndex, ''),
			externalNo: parameter('externalNo', itemIndex, ''),
		};
	}
	if (by === 'email') {
		return {
			email: parameter('email', itemIndex, ''),
			emailMatch: parameter('emailMatch', itemIndex, 'address'),
		};
	}
	return {
		contactNo: parameter('contactNo', itemIndex, '', { extractValue: true }),
	};
}
