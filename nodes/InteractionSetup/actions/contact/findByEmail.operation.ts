import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findContactByEmail } from '../../../../lib/contacts';
import { updateDisplayOptions } from '../../../shared/descriptions';
import { contactJson } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['findByEmail'] } },
	[
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ann@adatum.com',
			description:
				'One address, also as "Ann Lee &lt;ann@adatum.com&gt;". Matched case-insensitively against the e-mail of persons and companies: one person with the address wins; two persons, or no person and two companies, are an error (never a guess).',
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
		},
	],
);

/** The contact with `found: true` and how it matched, or `found: false` and why not. */
export async function execute(
	this: IExecuteFunctions,
	db: Knex,
	itemIndex: number,
): Promise<IDataObject> {
	const result = await findContactByEmail(db, {
		email: this.getNodeParameter('email', itemIndex, ''),
		emailMatch: this.getNodeParameter('emailMatch', itemIndex, 'address'),
	});
	if (!result.found) return { ...result };
	return { found: true, matchedBy: result.matchedBy, ...contactJson(result.contact) };
}
