import './env'; // must run before n8n-core loads

import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { additionalDataFor, type CredentialData } from './additional-data';
import { markEngineUsed } from './close-harness';
import { TestNodeTypes, type NodeTypeMap } from './node-types';

export interface PollOptions {
	readonly nodeTypes: NodeTypeMap;
	/** Credential data by type; the node gets a reference to each type it declares. */
	readonly credentials?: CredentialData;
	readonly timezone?: string;
	/**
	 * The workflow's static data as n8n stored it after the previous poll (`{}` the first time).
	 * Passing what an earlier poll returned is what a restart of n8n does.
	 */
	readonly staticData?: IDataObject;
	/** `trigger`: the poll of an active workflow; `manual`: a test run in the editor. */
	readonly mode?: 'trigger' | 'manual';
}

export interface PollResult {
	/** What the poll emitted (main output 0), or null when it started no execution. */
	readonly items: INodeExecutionData[] | null;
	/** The static data after the poll, as n8n would save it. */
	readonly staticData: IDataObject;
}

/**
 * Calls a polling trigger's `poll` once through n8n-core's own `PollContext`, as n8n's scheduler
 * does for an active workflow (or the editor for a test run), with the static data given.
 */
export async function pollTrigger(node: INode, options: PollOptions): Promise<PollResult> {
	const nodeTypes = new TestNodeTypes(options.nodeTypes);
	const credentials = options.credentials ?? {};
	const declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description
		.credentials;
	const refs = Object.fromEntries(
		(declared ?? [])
			.filter(({ name }) => credentials[name])
			.map(({ name }) => [name, { id: name, name }]),
	);
	const withCredentials: INode = { ...node, credentials: { ...refs, ...node.credentials } };
	const workflowData: IWorkflowBase = {
		id: 'harness-poll',
		name: 'harness poll',
		nodes: [withCredentials],
		connections: {},
		settings: options.timezone ? { timezone: options.timezone } : {},
		staticData: structuredClone(options.staticData ?? {}),
		active: true,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const mode = options.mode ?? 'trigger';
	const hooks = new ExecutionLifecycleHooks(mode, 'harness-poll', workflowData);
	markEngineUsed();
	const context = new PollContext(
		workflow,
		withCredentials,
		additionalDataFor(hooks, credentials),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.poll) throw new Error(`${node.type} has no poll function`);
	const output = await nodeType.poll.call(context);
	// n8n saves static data as plain JSON, without its change marker.
	const staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete staticData.__dataChanged;
	return { items: output?.[0] ?? null, staticData };
}
