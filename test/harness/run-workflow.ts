import './env'; // must run before n8n-core loads

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { INode, IRun, IWorkflowBase } from 'n8n-workflow';
import { createDeferredPromise, createRunExecutionData, Workflow } from 'n8n-workflow';

import { additionalDataFor, type CredentialData } from './additional-data';
import { markEngineUsed } from './close-harness';
import { INPUT_NODE_TYPE, TestInput } from './input-node';
import { TestNodeTypes, type NodeTypeMap } from './node-types';

/** The `nodes` and `connections` of a workflow as n8n exports it. */
export type WorkflowJson = Pick<IWorkflowBase, 'nodes' | 'connections'>;

export interface RunOptions {
	/** Node types besides the built-in `test.input`; see `nodeTypesOf`. */
	nodeTypes: NodeTypeMap;
	/** Credential data by type; nodes declaring such a type get a reference to it. */
	credentials?: CredentialData;
	/** Returned by `this.getTimezone()`; n8n's default timezone otherwise. */
	timezone?: string;
	/** Defaults to the first node without parents. */
	startNode?: string;
}

/** Runs a workflow through n8n-core's engine as a manual execution; node errors end up in the run. */
export async function runWorkflow(json: WorkflowJson, options: RunOptions): Promise<IRun> {
	const credentials = options.credentials ?? {};
	const nodeTypes = new TestNodeTypes({ [INPUT_NODE_TYPE]: TestInput, ...options.nodeTypes });
	// Workflow fills in parameter defaults in place; the clone keeps callers' fixtures reusable.
	const nodes = structuredClone(json.nodes).map((node) =>
		withCredentialRefs(node, nodeTypes, credentials),
	);
	const { connections } = json;
	const settings = options.timezone ? { timezone: options.timezone } : {};
	const workflowData: IWorkflowBase = {
		id: 'harness',
		name: 'harness',
		nodes,
		connections,
		settings,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', workflowData);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const roots = nodes.filter(({ name }) => !workflow.getParentNodes(name).length);
	const startNode = workflow.getNode(options.startNode ?? roots[0]?.name ?? '');
	if (!startNode) throw new Error('Workflow has no start node');
	const input = [{ json: {} }]; // what a manual trigger starts a run with
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [input] }, source: null }],
		},
	});

	markEngineUsed();
	const additionalData = additionalDataFor(hooks, credentials);
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	return await finished.promise;
}

/** Lets tests omit `credentials` on nodes: refer every declared type the harness has data for. */
function withCredentialRefs(node: INode, types: TestNodeTypes, data: CredentialData): INode {
	const declared = types.getByNameAndVersion(node.type, node.typeVersion).description.credentials;
	const refs = { ...node.credentials };
	for (const { name } of declared ?? []) {
		if (data[name] && !refs[name]) refs[name] = { id: name, name };
	}
	return Object.keys(refs).length ? { ...node, credentials: refs } : node;
}
