// Runs the example workflows headlessly on a running n8n, in the order of EXAMPLE_ORDER: a
// webhook workflow is published and called with its sample events, any other workflow is run
// from its trigger as the editor's "Execute workflow" button would.
import { DEMO_WEBHOOK_EVENTS } from './demo-events';
import type { Example, Trigger, WebhookTrigger } from './examples';
import { executionError, nodeOutput, nodesThatRan } from './executions';
import type { Execution, N8nClient, StoredWorkflow, WebhookResponse } from './rest';

export interface ExampleRun {
	readonly file: string;
	readonly name: string;
	readonly ok: boolean;
	/** One line per run or webhook call: what happened. */
	readonly lines: readonly string[];
}

/**
 * The events a webhook example is called with: the demo's events for it, else the request
 * bodies pinned on its webhook node (the editor's sample data), one call per event.
 */
export function sampleEvents(example: Example, trigger: Trigger): readonly unknown[] {
	const events = DEMO_WEBHOOK_EVENTS[example.file];
	if (events) return events;
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

function describeResponse(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

async function runFromTrigger(
	client: N8nClient,
	workflow: StoredWorkflow,
	trigger: Trigger,
): Promise<{ ok: boolean; line: string }> {
	const execution = await client.waitForExecution(
		await client.startManualRun(workflow, trigger.node),
	);
	const error = executionError(execution);
	if (error) return { ok: false, line: `run from "${trigger.node}" failed: ${error}` };
	const ran = nodesThatRan(execution);
	const last = ran[ran.length - 1];
	return {
		ok: true,
		line: `ran from "${trigger.node}": ${ran.length} nodes, "${last}" put out ${nodeOutput(execution, last).length} item(s)`,
	};
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
): Promise<ExampleRun> {
	const base = { file: example.file, name: example.workflow.name };
	const webhook = example.triggers.find((trigger) => trigger.kind === 'webhook');
	if (webhook && webhook.kind === 'webhook') {
		const events = sampleEvents(example, webhook);
		if (events.length === 0) {
			return { ...base, ok: true, lines: ['webhook without sample events: not called'] };
		}
		await client.activateWorkflow(workflow);
		const lines: string[] = [];
		for (const event of events) {
			const { response, execution } = await callWebhookAndWait(client, workflow, webhook, event);
			const error = executionError(execution);
			lines.push(
				`${webhook.method} /webhook/${webhook.path} ${JSON.stringify(event)} → ${response.status} ${describeResponse(response.body)}` +
					(error ? `; the run failed: ${error}` : ''),
			);
		}
		return { ...base, ok: true, lines };
	}
	const trigger = example.triggers.find((candidate) => candidate.kind !== 'other');
	if (!trigger) return { ...base, ok: true, lines: ['no trigger this runner can start: skipped'] };
	const { ok, line } = await runFromTrigger(client, workflow, trigger);
	return { ...base, ok, lines: [line] };
}

/** Runs each example once and reports what happened; a failing example does not stop the rest. */
export async function runExamples(
	client: N8nClient,
	examples: readonly Example[],
	workflows: ReadonlyMap<string, StoredWorkflow>,
): Promise<ExampleRun[]> {
	const runs: ExampleRun[] = [];
	for (const example of examples) {
		const workflow = workflows.get(example.file);
		if (!workflow) continue;
		try {
			runs.push(await runOne(client, example, workflow));
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
