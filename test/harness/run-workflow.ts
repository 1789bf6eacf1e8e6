import './env'; // must run before n8n-core loads

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { INode, IRun, IRunExecutionData, IWorkflowBase } from 'n8n-workflow';
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
	/** The execution's id (`this.getExecutionId()`); n8n gives every execution its own. */
	executionId?: string;
	/**
	 * Retries this earlier failed run as n8n's "Retry" of an execution does: its saved data (a
	 * JSON round trip, as through the database) without the failed node's last run and the error,
	 * continued from its execution stack in mode `retry`.
	 */
	retryOf?: IRun;
	/**
	 * Called as the execution starts with a function that stops it as n8n's Stop button does (the
	 * engine's promise is canceled, which fires the nodes' `getExecutionCancelSignal()`). A stopped
	 * run is returned once the node under way has returned, with what it ended with.
	 */
	onStart?: (stopExecution: () => void) => void;
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

	const runExecutionData = options.retryOf
		? retryDataOf(options.retryOf)
		: startData(workflow, nodes, options.startNode);

	markEngineUsed();
	const additionalData = additionalDataFor(hooks, credentials);
	if (options.executionId) additionalData.executionId = options.executionId;
	const mode = options.retryOf ? 'retry' : 'manual';
	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	let stopped = false;
	options.onStart?.(() => {
		stopped = true;
		execution.cancel();
	});
	// A canceled execution reports its end at once; the engine's promise waits for the node.
	const ended = await execution;
	return stopped ? ended : await finished.promise;
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

function startData(workflow: Workflow, nodes: INode[], startNodeName?: string): IRunExecutionData {
	const roots = nodes.filter(({ name }) => !workflow.getParentNodes(name).length);
	const startNode = workflow.getNode(startNodeName ?? roots[0]?.name ?? '');
	if (!startNode) throw new Error('Workflow has no start node');
	const input = [{ json: {} }]; // what a manual trigger starts a run with
	return createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [input] }, source: null }],
		},
	});
}

/** What n8n's execution service hands the engine to retry a failed execution. */
function retryDataOf(failed: IRun): IRunExecutionData {
	const data = JSON.parse(JSON.stringify(failed.data)) as IRunExecutionData;
	const { lastNodeExecuted } = data.resultData;
	if (lastNodeExecuted) {
		delete data.resultData.error;
		const runs = data.resultData.runData[lastNodeExecuted];
		if (runs?.length && runs[runs.length - 1].error !== undefined) runs.pop();
	}
	return data;
}
