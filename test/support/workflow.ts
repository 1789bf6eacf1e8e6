import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, INodeExecutionData, IRun } from 'n8n-workflow';

import type { ConnectionConfig } from '../../lib/db';
import {
	errorOf,
	INPUT_NODE_TYPE,
	nodeTypesOf,
	outputOf,
	runWorkflow,
	type HarnessError,
	type NodeTypeClass,
} from '../harness';

export const PACKAGE_NAME = 'n8n-nodes-interaction-log';

const NODES_DIR = join(__dirname, '..', '..', 'nodes');

/** Every `nodes/<Name>/<Name>.node.ts` of the package: n8n's loader finds classes the same way. */
export function packageNodeClasses(): NodeTypeClass[] {
	return readdirSync(NODES_DIR)
		.filter((name) => existsSync(join(NODES_DIR, name, `${name}.node.ts`)))
		.map((name) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require(join(NODES_DIR, name, `${name}.node.ts`)) as Record<
				string,
				NodeTypeClass
			>;
			return module[name];
		});
}

/** This package's node types, named as n8n names them once the package is installed. */
export const NODE_TYPES = nodeTypesOf(PACKAGE_NAME, packageNodeClasses());

/** The credential data a user would enter for `config`. */
export function credentialOf(config: ConnectionConfig): IDataObject {
	if (config.kind === 'embedded') {
		return {
			mode: 'embedded',
			dataDirectory: config.dataDirectory,
			schema: config.schema,
			autoMigrate: config.autoMigrate,
		};
	}
	return {
		mode: 'postgres',
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		ssl: config.ssl,
		maxConnections: config.maxConnections,
		connectionTimeout: config.connectionTimeoutMs / 1000,
		schema: config.schema,
		autoMigrate: config.autoMigrate,
	};
}

export interface NodeRun {
	readonly run: IRun;
	/** Output items of the node under test (main output 0). */
	readonly items: INodeExecutionData[];
	/** Items on the error output (with `errorOutput`). */
	readonly errorItems: INodeExecutionData[];
	/** The error that stopped the workflow, if any. */
	readonly error: HarnessError | undefined;
}

export interface RunNodeOptions {
	/** Input items (JSON) fed to the node; one empty item by default. */
	readonly items?: IDataObject[];
	readonly timezone?: string;
	/** n8n's "On Error: Continue" setting. */
	readonly continueOnFail?: boolean;
	/** n8n's "On Error: Continue (using error output)": failing items leave on output 1. */
	readonly errorOutput?: boolean;
	/** Node settings such as `retryOnFail`, `maxTries`, `waitBetweenTries`. */
	readonly settings?: Partial<Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>>;
	/** The execution's id; n8n gives every execution its own. */
	readonly executionId?: string;
	/** Retry this failed run as n8n's "Retry" of an execution (see `runWorkflow`). */
	readonly retryOf?: NodeRun;
	/** Gets the function that stops the execution as n8n's Stop button does (see `runWorkflow`). */
	readonly onStart?: (stopExecution: () => void) => void;
}

/**
 * Runs one node of this package (`type` without the package prefix) behind an input node, as a
 * workflow through n8n's engine, with the credential of `config`.
 */
export async function runNode(
	config: ConnectionConfig,
	type: string,
	parameters: INode['parameters'],
	options: RunNodeOptions = {},
): Promise<NodeRun> {
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'node',
			name: 'Node',
			type: `${PACKAGE_NAME}.${type}`,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
			...options.settings,
		},
	];
	const run = await runWorkflow(
		{ nodes, connections: { Input: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } } },
		{
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credentialOf(config) },
			timezone: options.timezone,
			executionId: options.executionId,
			retryOf: options.retryOf?.run,
			onStart: options.onStart,
		},
	);
	const error = errorOf(run);
	const errorItems = run.data.resultData.runData.Node?.[0]?.data?.main[1] ?? [];
	return { run, error, items: error ? [] : outputOf(run, 'Node'), errorItems };
}

/** A code picked in a resource locator "By Code". */
export function byCode(value: string) {
	return { __rl: true, mode: 'id', value };
}
