import type { IDataObject, INodeParameters } from 'n8n-workflow';

export interface ScenarioStep {
	readonly title: string;
	readonly node: { readonly type: string; readonly displayName: string };
	readonly parameters: INodeParameters;
	/** Input items of the node; one empty item when absent. */
	readonly items?: IDataObject[];
	/** Output fields to print. */
	readonly columns: readonly string[];
	readonly show?: number;
	/** n8n's "On Error: Continue": failing items come out as error items. */
	readonly continueOnFail?: boolean;
}

const setup = { type: 'interactionSetup', displayName: 'Interaction Setup' };
const record = { type: 'recordInteraction', displayName: 'Record Interaction' };
const query = { type: 'queryLog', displayName: 'Query Log' };
const cancel = { type: 'cancelInteraction', displayName: 'Cancel Interaction' };
const purge = { type: 'purgeCanceled', displayName: 'Purge Canceled' };

const statisticsByTemplate = {
	node: query,
	parameters: { operation: 'statistics', groupBy: 'template' },
	columns: ['templateCode', 'noOfInteractions', 'cost', 'durationMin'],
} as const;

/** What the scenario does, in order: it grows with every node of the package. */
export const steps: readonly ScenarioStep[] = [
	{
		title: 'Create interaction groups',
		node: setup,
		parameters: {
			resource: 'group',
			operation: 'upsert',
			code: '={{ $json.code }}',
			description: '={{ $json.description }}',
		},
		items: [
			{ code: 'LETTER', description: 'Letters' },
			{ code: 'PHONE', description: 'Phone calls' },
			{ code: 'SALES', description: 'Sales documents' },
		],
		columns: ['code', 'description'],
	},
	{
		title: 'Create interaction templates (their defaults are copied into every entry)',
		node: setup,
		parameters: {
			resource: 'template',
			operation: 'upsert',
			code: '={{ $json.code }}',
			groupCode: '={{ $json.group }}',
			description: '={{ $json.description }}',
			additionalFields: {
				unitCost: '={{ $json.cost }}',
				unitDurationMin: '={{ $json.minutes }}',
				informationFlow: '={{ $json.flow }}',
				initiatedBy: '={{ $json.by }}',
			},
		},
		items: [
			{
				code: 'OUTCALL',
				group: 'PHONE',
				description: 'Outgoing call',
				cost: 1.5,
				minutes: 10,
				flow: 'outbound',
				by: 'us',
			},
			{
				code: 'INCALL',
				group: 'PHONE',
				description: 'Incoming call',
				cost: 0,
				minutes: 5,
				flow: 'inbound',
				by: 'them',
			},
			{
				code: 'SINV',
				group: 'SALES',
				description: 'Sales invoice',
				cost: 0.8,
				minutes: 0,
				flow: 'outbound',
				by: 'us',
			},
			{
				code: 'SQUOTE',
				group: 'SALES',
				description: 'Sales quote',
				cost: 0.8,
				minutes: 0,
				flow: 'outbound',
				by: 'us',
			},
		],
		columns: ['code', 'groupCode', 'unitCost', 'unitDurationMin', 'informationFlow', 'initiatedBy'],
	},
	{
		title: 'Look templates up by code; an unknown code becomes an error item (On Error: Continue)',
		node: setup,
		parameters: {
			resource: 'template',
			operation: 'get',
			templateCode: { __rl: true, mode: 'id', value: '={{ $json.code }}' },
		},
		items: [{ code: 'OUTCALL' }, { code: 'MISSING' }],
		columns: ['code', 'description', 'error', 'errorCode'],
		continueOnFail: true,
	},
	{
		title: 'Template setup: a sales invoice event is logged with SINV',
		node: setup,
		parameters: {
			resource: 'templateSetup',
			operation: 'set',
			documentKind: { __rl: true, mode: 'id', value: 'sales_invoice' },
			templateCode: { __rl: true, mode: 'id', value: 'SINV' },
		},
		columns: ['kind', 'templateCode'],
	},
	{
		title: 'Contacts: two customer companies (customer numbers) and a person',
		node: setup,
		parameters: {
			resource: 'contact',
			operation: 'upsert',
			contactNo: '={{ $json.no }}',
			name: '={{ $json.name }}',
			type: '={{ $json.type }}',
			companyNo: '={{ $json.company }}',
			additionalFields: {
				businessRelations: {
					relation: [{ relation: 'customer', externalNo: '={{ $json.customerNo }}' }],
				},
			},
		},
		items: [
			{
				no: 'CT100',
				name: 'Adatum Corporation',
				type: 'company',
				company: '',
				customerNo: 'C10000',
			},
			{ no: 'CT200', name: 'Fabrikam Inc.', type: 'company', company: '', customerNo: 'C20000' },
			{ no: 'CT101', name: 'Ann Lee', type: 'person', company: 'CT100', customerNo: '' },
		],
		columns: ['contactNo', 'upserted'],
	},
	{
		title: 'Record an outgoing call to Ann Lee (a time without offset is Europe/Berlin time)',
		node: record,
		parameters: {
			target: 'contact',
			contactNo: { __rl: true, mode: 'id', value: 'CT101' },
			templateCode: { __rl: true, mode: 'id', value: 'OUTCALL' },
			occurredAt: '2026-11-24T10:15:00',
			salespersonCode: 'JO',
			description: 'Called about the 2027 order plan',
		},
		columns: ['entryNo', 'contactNo', 'templateCode', 'occurredAt', 'cost', 'durationMin'],
	},
	{
		title:
			'Document events by customer number: a repeat is a duplicate, a kind without template is skipped',
		node: record,
		parameters: {
			target: 'documentEvent',
			documentKind: { __rl: true, mode: 'id', value: '={{ $json.kind }}' },
			documentNo: '={{ $json.no }}',
			findContactBy: 'businessRelation',
			relation: 'customer',
			externalNo: '={{ $json.customerNo }}',
			additionalFields: { occurredAt: '2026-11-25T09:00:00' },
			options: { idempotencyKey: '={{ $json.eventId }}', actor: 'billing webhook' },
		},
		items: [
			{ eventId: 'evt_1', kind: 'sales_invoice', no: 'INV-1001', customerNo: 'C10000' },
			{ eventId: 'evt_2', kind: 'sales_invoice', no: 'INV-1002', customerNo: 'C20000' },
			{ eventId: 'evt_1', kind: 'sales_invoice', no: 'INV-1001', customerNo: 'C10000' },
			{ eventId: 'evt_3', kind: 'sales_quote', no: 'SQ-1001', customerNo: 'C20000' },
		],
		columns: [
			'entryNo',
			'documentNo',
			'contactNo',
			'recorded',
			'duplicate',
			'kind',
			'no',
			'reason',
		],
	},
	{
		title: "Adatum's timeline, its persons included (Query Log, get many)",
		node: query,
		parameters: {
			operation: 'getMany',
			returnAll: true,
			filters: { contactNo: 'CT100', includeCompanyPersons: true },
			options: { order: 'oldest_first' },
		},
		columns: ['entryNo', 'occurredAt', 'contactNo', 'templateCode', 'documentNo'],
	},
	{ title: 'Statistics by template', ...statisticsByTemplate },
	{
		title: 'Cancel the entries of invoice INV-1002 (voided in the billing system)',
		node: cancel,
		parameters: {
			operation: 'cancel',
			by: 'document',
			documentKind: 'sales_invoice',
			documentNo: 'INV-1002',
			options: { reason: 'Invoice INV-1002 was voided', actor: 'billing system' },
		},
		columns: ['entryNo', 'documentNo', 'contactNo', 'outcome', 'canceledBy'],
	},
	{
		title: 'Purge Canceled, dry run: counts what would go',
		node: purge,
		parameters: { dryRun: true },
		columns: ['dryRun', 'wouldDelete', 'deleted', 'byTemplate', 'remaining'],
	},
	{
		title: 'Purge Canceled: deletes the canceled entries (the audit keeps a record)',
		node: purge,
		parameters: { dryRun: false, options: { actor: 'scenario', reason: 'Voided invoice' } },
		columns: ['dryRun', 'wouldDelete', 'deleted', 'byTemplate', 'remaining'],
	},
	{
		title: 'Statistics by template again: the canceled (now purged) invoice does not count',
		...statisticsByTemplate,
	},
];
