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
];
