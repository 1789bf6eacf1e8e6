// Runs the example workflows headlessly on a running n8n, in the order of EXAMPLE_ORDER: a
// webhook workflow is published and called with its sample events, any other workflow is run
// from its trigger as the editor's "Execute workflow" button would.
import type { Example, Trigger } from './examples';
import { executionError, nodeOutput, nodesThatRan } from './executions';
import type { N8nClient, StoredWorkflow } from './rest';

export interface ExampleRun {
	readonly file: string;
	readonly name: string;
	readonly ok: boolean;
	/** One line per run or webhook call: what happened. */
	readonly lines: readonly string[];
}

/**
 * The events a webhook example is called with: the request bodies pinned on its webhook node
 * (what the editor shows as sample data), one call per pinned item.
 */
export function sampleEvents(example: Example, trigger: Trigger): unknown[] {
	const pinned = example.workflow.pinData?.[trigger.node];
	if (!Array.isArray(pinned)) return [];
	return pinned.map((item: { json?: { body?: unknown }; body?: unknown }) =>
		item.json ? (item.json.body ?? item.json) : (item.body ?? item),
	);
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
			return { ...base, ok: true, lines: ['webhook without pinned sample events: not called'] };
		}
		await client.activateWorkflow(workflow);
		const lines: string[] = [];
		for (const event of events) {
			const response = await client.callWebhook(webhook.path, event, webhook.method);
			lines.push(
				`${webhook.method} /webhook/${webhook.path} → ${response.status} ${describeResponse(response.body)}`,
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
