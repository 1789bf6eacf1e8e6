import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type {
	CancelResult,
	DocumentCancelInput,
	EntriesCancelInput,
	LoggedSegmentCancelInput,
} from '../../../lib/log';
import { actorOf, actorOption, reasonOption } from '../../shared/actor';

/** What a cancel or restore is about: entries by number, a logged segment, or a document. */
export const targetFields: INodeProperties[] = [
	{
		displayName: 'By',
		name: 'by',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Entry', value: 'entry', description: 'One entry number, or a list of them' },
			{
				name: 'Logged Segment',
				value: 'loggedSegment',
				description: 'A logged segment and every entry logged with it',
			},
			{
				name: 'Document',
				value: 'document',
				description:
					'Every entry logged for a document, e.g. an invoice voided in the source system',
			},
		],
		default: 'entry',
	},
	{
		displayName: 'Entry Numbers',
		name: 'entryNos',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 42 or 42, 43, 44',
		description:
			'One entry number, several separated by commas, or a list of numbers from an expression',
		displayOptions: { show: { by: ['entry'] } },
	},
	{
		displayName: 'Logged Segment Entry No.',
		name: 'loggedSegmentEntryNo',
		type: 'number',
		default: 0,
		required: true,
		description: 'The entry number of the logged segment, as logging the segment returned it',
		displayOptions: { show: { by: ['loggedSegment'] } },
	},
	{
		displayName: 'Document Kind',
		name: 'documentKind',
		type: 'string',
		default: 'sales_invoice',
		required: true,
		placeholder: 'e.g. sales_invoice',
		description: 'The kind of document as it was logged (a template setup kind)',
		displayOptions: { show: { by: ['document'] } },
	},
	{
		displayName: 'Document No.',
		name: 'documentNo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. INV-1001',
		displayOptions: { show: { by: ['document'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			actorOption('did it'),
			reasonOption(),
			{
				displayName: 'Version No.',
				name: 'versionNo',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Only entries of this version of the document (quotes and orders are archived in versions). Not set: every version.',
				displayOptions: { show: { '/by': ['document'] } },
			},
		],
	},
];

/** The lib functions of one operation, one per kind of target. */
export interface TargetActions {
	entries(db: Knex, input: EntriesCancelInput): Promise<CancelResult>;
	loggedSegment(db: Knex, input: LoggedSegmentCancelInput): Promise<CancelResult>;
	document(db: Knex, input: DocumentCancelInput): Promise<CancelResult>;
}

/** One output item per entry, changed or not; a logged segment without entries gives one item. */
function toItems(result: CancelResult): IDataObject[] {
	const loggedSegment = result.loggedSegment ? { loggedSegment: { ...result.loggedSegment } } : {};
	if (result.entries.length === 0) return result.loggedSegment ? [{ ...loggedSegment }] : [];
	return result.entries.map(({ entry, outcome, changed }) => ({
		...entry,
		outcome,
		changed,
		...loggedSegment,
	}));
}

/** Reads the target of item `itemIndex` and runs the operation's lib function for it. */
export async function changeTarget(
	context: IExecuteFunctions,
	db: Knex,
	itemIndex: number,
	actions: TargetActions,
): Promise<IDataObject[]> {
	const by = context.getNodeParameter('by', itemIndex) as string;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const audit = {
		actor: actorOf(context, options.actor),
		reason: options.reason,
		// A stopped execution rolls the whole cancel or restore back (absent before n8n 1.x).
		signal: context.getExecutionCancelSignal?.(),
	};
	if (by === 'loggedSegment') {
		const loggedSegmentEntryNo = context.getNodeParameter('loggedSegmentEntryNo', itemIndex);
		return toItems(await actions.loggedSegment(db, { loggedSegmentEntryNo, ...audit }));
	}
	if (by === 'document') {
		return toItems(
			await actions.document(db, {
				documentKind: context.getNodeParameter('documentKind', itemIndex),
				documentNo: context.getNodeParameter('documentNo', itemIndex),
				versionNo: options.versionNo,
				...audit,
			}),
		);
	}
	const entryNos = context.getNodeParameter('entryNos', itemIndex);
	return toItems(await actions.entries(db, { entryNos, ...audit }));
}
