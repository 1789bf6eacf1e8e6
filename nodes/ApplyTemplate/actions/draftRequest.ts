import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readContactNo } from '../../../lib/contacts';
import type { InteractionDraftInput } from '../../../lib/record';
import { readDocumentKind } from '../../../lib/setup';
import { readTemplateCode } from '../../../lib/setup';

/** Item fields that override a template default when "Item Values Win" is on. */
export const TEMPLATE_DEFAULT_FIELDS = [
	'description',
	'cost',
	'durationMin',
	'informationFlow',
	'initiatedBy',
	'correspondenceType',
	'campaignNo',
	'campaignTarget',
	'campaignResponse',
	'languageCode',
] as const satisfies readonly (keyof InteractionDraftInput)[];

/** Item fields no template has a default for: always taken from the item. */
const INTERACTION_FIELDS = [
	'occurredAt',
	'subject',
	'evaluation',
	'attemptFailed',
	'salespersonCode',
	'opportunityNo',
	'contactVia',
] as const satisfies readonly (keyof InteractionDraftInput)[];

/** What one item asks for: where its template comes from, its contact and its own values. */
export interface DraftRequest {
	readonly source:
		| { readonly from: 'templateCode'; readonly templateCode: string }
		| { readonly from: 'documentKind'; readonly documentKind: string };
	readonly contactNo: string | null;
	readonly input: Omit<InteractionDraftInput, 'timeZone' | 'now'>;
}

function pick(json: IDataObject, fields: readonly string[]): IDataObject {
	return Object.fromEntries(fields.filter((f) => f in json).map((f) => [f, json[f]]));
}

/** Reads item `itemIndex`'s parameters; codes come back in their stored form, or it throws. */
export function readDraftRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
): DraftRequest {
	const templateFrom = context.getNodeParameter('templateFrom', itemIndex) as string;
	const source: DraftRequest['source'] =
		templateFrom === 'documentKind'
			? {
					from: 'documentKind',
					documentKind: readDocumentKind(
						context.getNodeParameter('documentKind', itemIndex, '', { extractValue: true }),
						'documentKind',
					),
				}
			: {
					from: 'templateCode',
					templateCode: readTemplateCode(
						context.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
					),
				};
	const contactNo = context.getNodeParameter('contactNo', itemIndex, '');
	const { itemValuesWin = true } = context.getNodeParameter('options', itemIndex, {}) as {
		itemValuesWin?: boolean;
	};
	return {
		source,
		contactNo:
			contactNo === undefined ||
			contactNo === null ||
			(typeof contactNo === 'string' && contactNo.trim() === '')
				? null
				: readContactNo(contactNo),
		input: {
			...pick(json, INTERACTION_FIELDS),
			...(itemValuesWin ? pick(json, TEMPLATE_DEFAULT_FIELDS) : {}),
		},
	};
}
