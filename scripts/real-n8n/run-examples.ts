// Runs the example workflows headlessly on a running n8n, in the order of EXAMPLE_ORDER: a
// webhook workflow is published and called with its events, any other workflow is run from its
// trigger as the editor's "Execute workflow" button would.
import type { IDataObject } from 'n8n-workflow';

import type { Example, McpServerTrigger, Trigger, WebhookTrigger } from './examples';
import { executionError, nodeOutput, nodesThatRan } from './executions';
import { connectMcp, describeTools } from './mcp';
import type { Execution, N8nClient, StoredWorkflow, WebhookResponse } from './rest';

export interface ExampleRun {
	readonly file: string;
	readonly name: string;
	readonly ok: boolean;
	/** What happened, a few lines per run or webhook call. */
	readonly lines: readonly string[];
}

/** Request bodies to post, by example file. */
export type WebhookEvents = Readonly<Record<string, readonly unknown[]>>;

/**
 * The events a webhook example is called with: those given for its file, else the request
 * bodies pinned on its webhook node (the editor's sample data), one call per event.
 */
export function sampleEvents(
	example: Example,
	trigger: Trigger,
	events: WebhookEvents,
): readonly unknown[] {
	const given = events[example.file];
	if (given) return given;
	const pinned = example.workflow.pinData?.[trigger.node];
	if (!Array.isArray(pinned)) return [];
	return pinned.map((item: { json?: { body?: unknown } }) => item.json?.body ?? item.json);
}

function describeError(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	// fetch reports a refused or reset connection as "fetch failed" with the reason in `cause`.
	const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
	return `${error.message}${cause}`;
}

function clip(text: string, length = 150): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

// The fields that say what an item of this package's nodes (or of the examples) is about.
const TELLING_FIELDS = [
	'line',
	'subject',
	'entryNo',
	'contactNo',
	'templateCode',
	'documentNo',
	'segmentNo',
	'noOfEntries',
	'recorded',
	'duplicate',
	'canceled',
	'outcome',
	'deleted',
	'remaining',
];

function summarize(json: IDataObject): string {
	const parts = TELLING_FIELDS.filter((field) => json[field] !== undefined && json[field] !== null);
	if (parts.length === 0) return clip(JSON.stringify(json));
	return clip(parts.map((field) => `${field}: ${String(json[field])}`).join(', '));
}

/** What the last node of the run put out, a line per item (the first few). */
function outcomeLines(execution: Execution): string[] {
	const error = executionError(execution);
	if (error) return [`failed: ${clip(error, 220)}`];
	const ran = nodesThatRan(execution);
	const last = ran[ran.length - 1];
	const items = nodeOutput(execution, last);
	const lines = items.slice(0, 4).map((item) => `  ${summarize(item)}`);
	if (items.length > 4) lines.push(`  … ${items.length - 4} more`);
	return [`"${last}" put out ${items.length} item(s)`, ...lines];
}

async function runFromTrigger(client: N8nClient, workflow: StoredWorkflow, trigger: Trigger) {
	const id = await client.startManualRun(workflow, trigger.node);
	const execution = await client.waitForExecution(id);
	return { ok: executionError(execution) === undefined, lines: outcomeLines(execution) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WebhookCall {
	readonly response: WebhookResponse;
	/** The execution the call started, once it has ended. */
	readonly execution: Execution;
}

/**
 * Calls a published workflow's webhook and waits for the execution it started (a webhook that
 * answers on receipt runs on after its answer).
 */
export async function callWebhookAndWait(
	client: N8nClient,
	workflow: StoredWorkflow,
	webhook: WebhookTrigger,
	body: unknown,
): Promise<WebhookCall> {
	const before = new Set(await client.executionIds(workflow.id));
	const response = await client.callWebhook(webhook.path, body, webhook.method);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const started = (await client.executionIds(workflow.id)).find((id) => !before.has(id));
		if (started) return { response, execution: await client.waitForExecution(started) };
		if (Date.now() > deadline) throw new Error(`"${workflow.name}" did not run after the call`);
		await sleep(250);
	}
}

async function runOne(
	client: N8nClient,
	example: Example,
	workflow: StoredWorkflow,
	events: WebhookEvents,
): Promise<ExampleRun> {
	const base = { file: example.file, name: example.workflow.name };
	const webhook = example.triggers.find(
		(trigger): trigger is WebhookTrigger => trigger.kind === 'webhook',
	);
	if (webhook) {
		const bodies = sampleEvents(example, webhook, events);
		if (bodies.length === 0) {
			return { ...base, ok: true, lines: ['a webhook without sample events: not called'] };
		}
		await client.activateWorkflow(workflow);
		await client.waitForWebhook(webhook.path, webhook.method);
		const lines: string[] = [];
		for (const body of bodies) {
			const { response, execution } = await callWebhookAndWait(client, workflow, webhook, body);
			lines.push(
				`${webhook.method} /webhook/${webhook.path} ${clip(JSON.stringify(body), 110)}`,
				`  → ${response.status} ${clip(JSON.stringify(response.body), 80)}; the run: ${outcomeLines(execution).join('\n    ')}`,
			);
		}
		// A failing event is part of the story (a malformed one is meant to fail): still ok.
		return { ...base, ok: true, lines };
	}
	const mcp = example.triggers.find(
		(trigger): trigger is McpServerTrigger => trigger.kind === 'mcp',
	);
	if (mcp) return { ...base, ok: true, lines: await listMcpTools(client, workflow, mcp) };
	const trigger = example.triggers.find((candidate) => candidate.kind !== 'other');
	if (!trigger) return { ...base, ok: true, lines: ['no trigger this runner can start: skipped'] };
	const run = await runFromTrigger(client, workflow, trigger);
	return {
		...base,
		ok: run.ok,
		lines: [`run from "${trigger.node}": ${run.lines[0]}`, ...run.lines.slice(1)],
	};
}

/** Publishes an MCP Server Trigger's workflow and lists its tools as an MCP client sees them. */
async function listMcpTools(
	client: N8nClient,
	workflow: StoredWorkflow,
	trigger: McpServerTrigger,
) {
	await client.activateWorkflow(workflow);
	const url = `${client.baseUrl}/mcp/${trigger.path}`;
	const session = await connectMcp(url);
	try {
		const tools = await session.listTools();
		return [
			`MCP server ${url}, ${tools.length} tool(s):`,
			...describeTools(tools).map((line) => `  ${line}`),
		];
	} finally {
		await session.close();
	}
}

/** Runs each example once and reports what happened; a failing example does not stop the rest. */
export async function runExamples(
	client: N8nClient,
	examples: readonly Example[],
	workflows: ReadonlyMap<string, StoredWorkflow>,
	events: WebhookEvents,
): Promise<ExampleRun[]> {
	const runs: ExampleRun[] = [];
	for (const example of examples) {
		const workflow = workflows.get(example.file);
		if (!workflow) continue;
		try {
			runs.push(await runOne(client, example, workflow, events));
		} catch (error) {
			runs.push({
				file: example.file,
				name: example.workflow.name,
				ok: false,
				lines: [describeError(error)],
			});
		}
	}
	return runs;
}
