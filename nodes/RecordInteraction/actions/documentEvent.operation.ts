import type { Knex } from 'knex';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { recordDocumentEvents, type DocumentEventInput } from '../../../lib/record';
import { correspondenceTypeOptions } from '../../shared/choices';
import { updateDisplayOptions } from '../../shared/descriptions';
import { documentKindRLC } from '../../shared/documentKinds';
import { itemParameters, type ItemParameter } from '../../shared/parameters';
import {
	defaultRecorderOf,
	descriptionField,
	interactionOverrideFields,
	occurredAtField,
	readItemKeys,
	readRecordingOptions,
	salespersonField,
} from './fields';
import { autoMappedItem, DOCUMENT_EVENT_FIELDS, inputModeField, readInputMode } from './autoMap';
import { findContactFields, readContactRefParameters } from './findContact';
import { fromRecordOutcome, recordItems, toOutputItems } from './outcomes';

const defineBelow = { show: { target: ['documentEvent'], inputMode: ['defineBelow'] } };

export const description = [
	...inputModeField('documentEvent', DOCUMENT_EVENT_FIELDS),
	...updateDisplayOptions(defineBelow, [
		{
			...documentKindRLC,
			description:
				'The kind of document, e.g. sales_invoice: its template comes from the template setup. A kind with no template set up is passed through with recorded = false.',
		},
		{
			displayName: 'Document No.',
			name: 'documentNo',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. INV-1001',
			description:
				'The same kind, number, version, occurrence and contact are recorded once, however often the event arrives',
		},
		...findContactFields(),
		{
			displayName: 'New Contact',
			name: 'newContact',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { unknownContact: ['create'] } },
			options: [
				{
					displayName: 'Company No.',
					name: 'companyNo',
					type: 'string',
					default: '',
					description: "A person's company; empty for a company",
				},
				{
					displayName: 'Contact No.',
					name: 'contactNo',
					type: 'string',
					default: '',
					description:
						'Number of the new contact. Empty: the Contact No. looked for, else the next number of the contact number series (Interaction Setup → Contact → Set Number Series).',
				},
				{
					displayName: 'Correspondence Type',
					name: 'correspondenceType',
					type: 'options',
					options: correspondenceTypeOptions,
					default: '',
				},
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
				{ displayName: 'Salesperson Code', name: 'salespersonCode', type: 'string', default: '' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Company', value: 'company' },
						{ name: 'Person', value: 'person' },
					],
					default: 'company',
				},
			],
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: (
				[
					occurredAtField,
					descriptionField,
					{
						displayName: 'Doc. No. Occurrence',
						name: 'docNoOccurrence',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Tells apart documents that reuse a number',
					},
					salespersonField,
					{
						displayName: 'Version No.',
						name: 'versionNo',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Archived version of a quote or order; 0 when none',
					},
					...interactionOverrideFields,
				] as INodeProperties[]
			).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	]),
	...updateDisplayOptions({ show: { target: ['documentEvent'] } }, [
		{
			displayName: 'Unknown Contact',
			name: 'unknownContact',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Error', value: 'error', description: 'The item fails' },
				{
					name: 'Skip',
					value: 'skip',
					description: 'The item passes through with recorded = false and the reason',
				},
				{
					name: 'Create Contact',
					value: 'create',
					description:
						'Create the contact from the fields below, with the business relation or e-mail address looked for; numbered from the contact number series unless New Contact → Contact No. is given.',
				},
			],
			default: 'error',
		},
	]),
];

function readItem(parameter: ItemParameter, itemIndex: number, recorder: string) {
	const extra = parameter('additionalFields', itemIndex, {}) as IDataObject;
	const input: DocumentEventInput = {
		...extra,
		documentKind: parameter('documentKind', itemIndex, '', { extractValue: true }),
		documentNo: parameter('documentNo', itemIndex, ''),
		...readContactRefParameters(parameter, itemIndex),
		...readItemKeys(parameter, itemIndex, recorder),
	};
	if (parameter('unknownContact', itemIndex) !== 'create') return input;
	const newContact = parameter('newContact', itemIndex, {}) as IDataObject;
	return { ...input, newContact: { ...newContact, contactNo: newContact.contactNo || undefined } };
}

const documentInputOf = (json: IDataObject): DocumentEventInput => ({
	...json,
	documentKind: json.documentKind,
	documentNo: json.documentNo,
	newContact: json.newContact as DocumentEventInput['newContact'],
});

/**
 * Records document events (docs/domain.md#s7): the template of each item's document kind from the
 * template setup, the contact by number or business relation, all items in one batch.
 */
export async function executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]> {
	const { batching, timeZone, signal } = readRecordingOptions(this);
	const recorder = defaultRecorderOf(this);
	const parameter = itemParameters(this);
	const autoMap = readInputMode(this) === 'autoMap';
	const recordedBy = autoMap ? readItemKeys(parameter, 0, recorder).recordedBy : recorder;
	const unknownContact = this.getNodeParameter('unknownContact', 0, 'error');
	const outcomes = await recordItems(
		this,
		(itemIndex): DocumentEventInput =>
			autoMap
				? documentInputOf(autoMappedItem(this, itemIndex, DOCUMENT_EVENT_FIELDS, recordedBy))
				: readItem(parameter, itemIndex, recorder),
		async (inputs) =>
			(await recordDocumentEvents(db, inputs, { timeZone, batching, unknownContact, signal })).map(
				fromRecordOutcome,
			),
	);
	return toOutputItems(this, outcomes);
}
