import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getContact } from '../../../lib/contacts';
import { buildInteractionDraft, loadDraftSources, type DraftSourceMaps } from '../../../lib/record';
import { getTemplateSetupSlot, listTemplateSetup } from '../../../lib/setup';
import { getTemplate } from '../../../lib/setup';
import { templateRLC, updateDisplayOptions } from '../../shared/descriptions';
import { documentKindRLC } from '../../shared/documentKinds';
import { failedItem } from '../../shared/items';
import { readDraftRequest, TEMPLATE_DEFAULT_FIELDS, type DraftRequest } from './draftRequest';

export const description = updateDisplayOptions({ show: { operation: ['applyToItems'] } }, [
	{
		displayName: 'Choose Template',
		name: 'templateFrom',
		type: 'options',
		options: [
			{
				name: 'By Template Code',
				value: 'templateCode',
				description: 'Name the template directly',
			},
			{
				name: 'By Document Kind',
				value: 'documentKind',
				description:
					'Use the template the template setup names for a kind of document event, e.g. sales_invoice',
			},
		],
		default: 'templateCode',
	},
	{ ...templateRLC, displayOptions: { show: { templateFrom: ['templateCode'] } } },
	{
		...documentKindRLC,
		description:
			'The kind of document event; the template setup says which template records it. If its slot is blank, the item passes through with templateApplied false.',
		displayOptions: { show: { templateFrom: ['documentKind'] } },
	},
	{
		displayName: 'Contact No.',
		name: 'contactNo',
		type: 'string',
		default: '={{ $json.contactNo }}',
		placeholder: 'e.g. CT000123',
		description:
			"The contact the interaction is for: its company, preferred correspondence type and salesperson fill the draft. Empty: a draft without contact. The default takes the item's contactNo.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Item Values Win',
				name: 'itemValuesWin',
				type: 'boolean',
				default: true,
				description: `Whether fields already on the item (${TEMPLATE_DEFAULT_FIELDS.join(', ')}) override the template's defaults. Off: the template's values replace them.`,
			},
		],
	},
]);

async function templateCodesOfKinds(
	db: Knex,
	requests: readonly DraftRequest[],
): Promise<Map<string, string | null>> {
	if (!requests.some((r) => r.source.from === 'documentKind')) return new Map();
	const slots = await listTemplateSetup(db);
	return new Map(slots.map((slot) => [slot.kind, slot.templateCode]));
}

/** The draft of one item, or the item passed through when its document kind is not recorded. */
async function applyOne(
	db: Knex,
	request: DraftRequest,
	json: IDataObject,
	lookups: {
		slots: Map<string, string | null>;
		sources: DraftSourceMaps;
		timeZone: string;
		now: DateTime;
	},
): Promise<IDataObject> {
	let templateCode: string;
	if (request.source.from === 'documentKind') {
		const { documentKind } = request.source;
		// Reads the slot again only to raise the library's NOT_FOUND for an unknown kind.
		const slotCode = lookups.slots.has(documentKind)
			? lookups.slots.get(documentKind)
			: (await getTemplateSetupSlot(db, documentKind)).templateCode;
		if (!slotCode) {
			return {
				...json,
				templateApplied: false,
				documentKind,
				reason: `The template setup has no template for ${documentKind}: documents of this kind are not recorded`,
			};
		}
		templateCode = slotCode;
	} else templateCode = request.source.templateCode;
	const template =
		lookups.sources.templates.get(templateCode) ?? (await getTemplate(db, templateCode));
	const contact =
		request.contactNo === null
			? undefined
			: (lookups.sources.contacts.get(request.contactNo) ??
				(await getContact(db, request.contactNo)));
	const draft = buildInteractionDraft(
		{ template, contact },
		{ ...request.input, timeZone: lookups.timeZone, now: lookups.now },
	);
	return { ...json, ...draft, templateApplied: true };
}

/**
 * Builds the interaction draft of every item with the copy rules of `buildInteractionDraft`,
 * loading the template setup, templates and contacts of all items in at most three queries.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = new Array(items.length);
	const requests: DraftRequest[] = [];
	items.forEach((item, itemIndex) => {
		try {
			requests[itemIndex] = readDraftRequest(this, itemIndex, item.json);
		} catch (error) {
			output[itemIndex] = failedItem(this, error, itemIndex);
		}
	});
	const valid = requests.filter(Boolean);
	const slots = await templateCodesOfKinds(db, valid);
	const templateCodes = valid.map((r) =>
		r.source.from === 'templateCode' ? r.source.templateCode : slots.get(r.source.documentKind),
	);
	const sources = await loadDraftSources(db, {
		templateCodes: templateCodes.filter((code): code is string => Boolean(code)),
		contactNos: valid.flatMap((r) => (r.contactNo === null ? [] : [r.contactNo])),
	});
	const lookups = { slots, sources, timeZone: this.getTimezone(), now: DateTime.now() };
	for (const [itemIndex, request] of requests.entries()) {
		if (!request) continue;
		try {
			const json = await applyOne(db, request, items[itemIndex].json, lookups);
			output[itemIndex] = { json, pairedItem: { item: itemIndex } };
		} catch (error) {
			output[itemIndex] = failedItem(this, error, itemIndex);
		}
	}
	return output;
}
