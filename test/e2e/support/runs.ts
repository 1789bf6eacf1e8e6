// Running an imported workflow the ways n8n runs one: from its trigger (the editor's "Execute
// workflow"), or published, through its production webhook.
import { EXAMPLE_ORDER, loadExamples, type Example } from '../../../scripts/real-n8n/examples';
import type { Execution, WebhookResponse } from '../../../scripts/real-n8n/rest';
import type { E2eInstance } from './instance';

export const FIXTURES_DIR = `${__dirname}/../fixtures`;

/** The example workflows of examples/ that exist now, and the e2e fixtures. */
export const EXAMPLES = loadExamples();
export const FIXTURES = loadExamples(FIXTURES_DIR);

export function exampleOf(file: string): Example | undefined {
	return [...EXAMPLES, ...FIXTURES].find((example) => example.file === file);
}

/** Whether `examples/<file>` exists (examples land one by one; tests of missing ones skip). */
export function hasExample(file: string): boolean {
	return EXAMPLES.some((example) => example.file === file);
}

/** Example files the order knows about that are not in examples/ yet. */
export const MISSING_EXAMPLES = EXAMPLE_ORDER.filter((file) => !hasExample(file));

/** Runs the workflow once from its first non-webhook trigger and waits for the end. */
export async function runFromTrigger(n8n: E2eInstance, file: string): Promise<Execution> {
	const trigger = exampleOf(file)?.triggers.find((candidate) => candidate.kind !== 'webhook');
	if (!trigger) throw new Error(`${file} has no trigger to run it from`);
	const id = await n8n.client.startManualRun(n8n.workflow(file), trigger.node);
	return await n8n.client.waitForExecution(id);
}

const published = new WeakMap<E2eInstance, Set<string>>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WebhookCall {
	readonly response: WebhookResponse;
	/** The execution the call started. */
	readonly execution: Execution;
}

/** Publishes the workflow (once), calls its webhook with `body` and waits for the execution. */
export async function callWebhook(
	n8n: E2eInstance,
	file: string,
	body: unknown,
): Promise<WebhookCall> {
	const trigger = exampleOf(file)?.triggers.find((candidate) => candidate.kind === 'webhook');
	if (!trigger || trigger.kind !== 'webhook') throw new Error(`${file} has no webhook`);
	const workflow = n8n.workflow(file);
	const done = published.get(n8n) ?? new Set<string>();
	published.set(n8n, done);
	if (!done.has(file)) {
		await n8n.client.activateWorkflow(workflow);
		done.add(file);
	}
	const before = new Set(await n8n.client.executionIds(workflow.id));
	const response = await n8n.client.callWebhook(trigger.path, body, trigger.method);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const started = (await n8n.client.executionIds(workflow.id)).find((id) => !before.has(id));
		if (started) return { response, execution: await n8n.client.waitForExecution(started) };
		if (Date.now() > deadline) throw new Error(`No execution of ${file} after the webhook call`);
		await sleep(250);
	}
}
