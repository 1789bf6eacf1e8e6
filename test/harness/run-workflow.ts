import 'reflect-metadata'; // n8n-core's DI container needs it before any n8n-core import
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createDeferredPromise, createRunExecutionData, Workflow } from 'n8n-workflow';

import type { CredentialData } from './credentials-helper';
import { TestCredentialsHelper } from './credentials-helper';
import { INPUT_NODE_TYPE, TestInput } from './input-node';
import type { NodeTypeMap } from './node-types';
import { TestNodeTypes } from './node-types';

export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
}

export interface RunOptions {
	nodeTypes: NodeTypeMap;
	credentials?: CredentialData;
	timezone?: string;
	/** Defaults to the first node that no connection points to. */
	startNode?: string;
	/** Items handed to the start node; n8n's default for manual runs is one empty item. */
	input?: INodeExecutionData[];
}

const notSupported = (what: string) => () => {
	throw new Error(`${what} is not supported by the test harness`);
};

export async function runWorkflow(json: WorkflowJson, options: RunOptions): Promise<IRun> {
	const credentials = options.credentials ?? {};
	const nodeTypes = new TestNodeTypes({ [INPUT_NODE_TYPE]: TestInput, ...options.nodeTypes });
	// Workflow fills in parameter defaults in place; keep callers' fixtures reusable.
	const nodes = structuredClone(json.nodes).map((node) => withCredentialRefs(node, nodeTypes, credentials));
	const workflow = new Workflow({
		id: 'harness',
		nodes,
		connections: json.connections,
		nodeTypes,
		settings: options.timezone ? { timezone: options.timezone } : {},
		active: false,
	});

	const workflowData: IWorkflowBase = {
		id: 'harness',
		name: 'harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes,
		connections: json.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', workflowData);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData: IWorkflowExecuteAdditionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		executeWorkflow: notSupported('executeWorkflow'),
		getRunExecutionData: notSupported('getRunExecutionData'),
		startRunnerTask: notSupported('startRunnerTask'),
		logAiEvent: () => {},
	};

	const startNode = workflow.getNode(options.startNode ?? firstUnconnectedNode(json));
	if (!startNode) throw new Error('Workflow has no start node');
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});

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

function firstUnconnectedNode({ nodes, connections }: WorkflowJson): string {
	const targets = new Set(
		Object.values(connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) =>
				outputs.flatMap((conns) => (conns ?? []).map((c) => c.node)),
			),
		),
	);
	return nodes.find((node) => !targets.has(node.name))?.name ?? '';
}
