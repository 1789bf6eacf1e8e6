// The example workflows of `examples/`: found on disk, their triggers recognised, and pointed
// at the instance's "Interaction Log Database" credential before they are imported.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { EXAMPLES_DIR, PACKAGE_NAME } from './paths';
import { MCP_TRIGGER_TYPE, type WorkflowJson } from './rest';

export const CREDENTIAL_TYPE = 'interactionLogDatabaseApi';

export interface WebhookTrigger {
	readonly kind: 'webhook';
	readonly node: string;
	readonly path: string;
	readonly method: string;
}

/** n8n's MCP Server Trigger: serves the tools connected to it at `/mcp/<path>` once published. */
export interface McpServerTrigger {
	readonly kind: 'mcp';
	readonly node: string;
	readonly path: string;
}

export type Trigger =
	| { readonly kind: 'manual' | 'schedule' | 'poll' | 'other'; readonly node: string }
	| WebhookTrigger
	| McpServerTrigger;

export interface Example {
	/** The file name in `examples/`, e.g. `invoice-sent-webhook.json`. */
	readonly file: string;
	readonly workflow: WorkflowJson;
	readonly triggers: readonly Trigger[];
	/**
	 * This package's node types the workflow uses, e.g. `n8n-nodes-interaction-log.interactionSetup`
	 * (or `…recordInteractionTool`, the variant n8n derives for AI agents).
	 */
	readonly packageNodeTypes: readonly string[];
}

/** The order a newcomer's run follows: set up first, record, then cancel, report and purge. */
export const EXAMPLE_ORDER = [
	'setup-configuration.json',
	'invoice-sent-webhook.json',
	'log-segment.json',
	'cancel-voided-invoice.json',
	'weekly-statistics.json',
	'notify-on-inbound.json',
	'nightly-purge.json',
	'retention-purge.json',
	'ai-tools-mcp.json',
];

function triggerOf(node: INode): Trigger | undefined {
	const { type, name, parameters } = node;
	if (type === 'n8n-nodes-base.manualTrigger') return { kind: 'manual', node: name };
	if (type === 'n8n-nodes-base.webhook') {
		return {
			kind: 'webhook',
			node: name,
			path: String(parameters.path ?? ''),
			method: String(parameters.httpMethod ?? 'GET'),
		};
	}
	if (type === 'n8n-nodes-base.scheduleTrigger') return { kind: 'schedule', node: name };
	if (type === MCP_TRIGGER_TYPE) return { kind: 'mcp', node: name, path: String(parameters.path) };
	if (type === `${PACKAGE_NAME}.interactionTrigger`) return { kind: 'poll', node: name };
	if (/trigger$/i.test(type)) return { kind: 'other', node: name };
	return undefined;
}

function orderOf(file: string): number {
	const index = EXAMPLE_ORDER.indexOf(file);
	return index === -1 ? EXAMPLE_ORDER.length : index;
}

/** Reads every `*.json` workflow of `dir`, in the order of `EXAMPLE_ORDER` (others after it). */
export function loadExamples(dir = EXAMPLES_DIR): Example[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b))
		.map((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson;
			if (!Array.isArray(workflow.nodes) || typeof workflow.name !== 'string') {
				throw new Error(`${join(dir, file)} is not an n8n workflow (no name or nodes)`);
			}
			const triggers = workflow.nodes
				.filter((node) => !node.disabled)
				.flatMap((node) => triggerOf(node) ?? []);
			const packageNodeTypes = [
				...new Set(
					workflow.nodes
						.map((node) => node.type)
						.filter((type) => type.startsWith(`${PACKAGE_NAME}.`)),
				),
			];
			return { file, workflow, triggers, packageNodeTypes };
		});
}

/**
 * The workflow as it is imported: every node that uses the interaction log credential gets the
 * instance's credential, and ids or activation state of the exported file are left out.
 */
export function forImport(
	example: Example,
	credential: { readonly id: string; readonly name: string },
): WorkflowJson {
	const { name, nodes, connections, settings, pinData } = example.workflow;
	return {
		name,
		connections,
		settings: settings ?? { executionOrder: 'v1' },
		...(pinData ? { pinData } : {}),
		nodes: nodes.map((node) =>
			node.type.startsWith(`${PACKAGE_NAME}.`) || node.credentials?.[CREDENTIAL_TYPE]
				? { ...node, credentials: { ...node.credentials, [CREDENTIAL_TYPE]: credential } }
				: node,
		),
	};
}
