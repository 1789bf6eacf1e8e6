import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputJson } from '../../shared/items';

// "Auto-Map Input Fields", as n8n's Postgres node maps columns automatically: each input item's
// fields named as the entry's are used as they are, without an expression per field and item
// (n8n evaluates every expression with its own context, which costs more than writing the entry).

/** The interaction values any target takes from an item. */
const INTERACTION_FIELDS = [
	'occurredAt',
	'description',
	'subject',
	'evaluation',
	'attemptFailed',
	'salespersonCode',
	'campaignNo',
	'campaignTarget',
	'campaignResponse',
	'opportunityNo',
	'cost',
	'durationMin',
	'correspondenceType',
	'informationFlow',
	'initiatedBy',
	'languageCode',
	'contactVia',
	'idempotencyKey',
] as const;

export const CONTACT_FIELDS = [
	'contactNo',
	'relation',
	'externalNo',
	'email',
	'emailMatch',
	'templateCode',
	'comment',
	...INTERACTION_FIELDS,
];

export const DOCUMENT_EVENT_FIELDS = [
	'documentKind',
	'documentNo',
	'versionNo',
	'docNoOccurrence',
	'contactNo',
	'relation',
	'externalNo',
	'email',
	'emailMatch',
	'newContact',
	...INTERACTION_FIELDS,
];

export type InputMode = 'defineBelow' | 'autoMap';

/** The Input Mode parameter of the targets that read per-item values. */
export function inputModeField(target: string, fields: readonly string[]): INodeProperties[] {
	const show = { target: [target], inputMode: ['autoMap'] };
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Define Below',
					value: 'defineBelow',
					description: 'Set each value in the fields below, with expressions per item',
				},
				{
					name: 'Auto-Map Input Fields',
					value: 'autoMap',
					description:
						'Use the input fields named like the entry fields as they are: the fastest way for large batches',
				},
			],
			default: 'defineBelow',
			displayOptions: { show: { target: [target] } },
		},
		{
			displayName: `Input fields used: ${fields.join(', ')}. Others are ignored; missing ones take their defaults.`,
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			displayOptions: { show },
		},
	];
}

export function readInputMode(context: IExecuteFunctions): InputMode {
	return context.getNodeParameter('inputMode', 0, 'defineBelow') === 'autoMap'
		? 'autoMap'
		: 'defineBelow';
}

/** The item's fields of `fields` (present ones only), plus the recorder. */
export function autoMappedItem(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: readonly string[],
	recordedBy: string,
): IDataObject {
	const json = inputJson(context, itemIndex);
	const picked: IDataObject = { recordedBy };
	for (const field of fields) if (json[field] !== undefined) picked[field] = json[field];
	return picked;
}
