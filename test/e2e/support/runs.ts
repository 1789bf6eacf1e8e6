// Running an imported workflow the ways n8n runs one: from its trigger (the editor's "Execute
// workflow"), or published, through its production webhook.
import {
	EXAMPLE_ORDER,
	loadExamples,
	type Example,
	type WebhookTrigger,
} from '../../../scripts/real-n8n/examples';
import type { Execution } from '../../../scripts/real-n8n/rest';
import { callWebhookAndWait, type WebhookCall } from '../../../scripts/real-n8n/run-examples';
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

/** Runs the workflow once from its first manual, schedule or polling trigger and waits for the end. */
export async function runFromTrigger(n8n: E2eInstance, file: string): Promise<Execution> {
	const trigger = exampleOf(file)?.triggers.find((candidate) =>
		['manual', 'schedule', 'poll'].includes(candidate.kind),
	);
	if (!trigger) throw new Error(`${file} has no trigger to run it from`);
	const id = await n8n.client.startManualRun(n8n.workflow(file), trigger.node);
	return await n8n.client.waitForExecution(id);
}

const published = new WeakMap<E2eInstance, Set<string>>();

/** Publishes the workflow (once), calls its webhook with `body` and waits for the execution. */
export async function callWebhook(
	n8n: E2eInstance,
	file: string,
	body: unknown,
): Promise<WebhookCall> {
	const webhook = exampleOf(file)?.triggers.find(
		(trigger): trigger is WebhookTrigger => trigger.kind === 'webhook',
	);
	if (!webhook) throw new Error(`${file} has no webhook`);
	const workflow = n8n.workflow(file);
	const done = published.get(n8n) ?? new Set<string>();
	published.set(n8n, done);
	if (!done.has(file)) {
		await n8n.client.activateWorkflow(workflow);
		done.add(file);
	}
	return await callWebhookAndWait(n8n.client, workflow, webhook, body);
}
