import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Who changed the log, for the audit: the "Actor" option when given, else the workflow and the
 * execution that did it, so every change can be traced back to a run.
 */
export function actorOf(context: IExecuteFunctions, given: unknown): string {
	if (typeof given === 'string' && given.trim() !== '') return given.trim();
	const workflow = context.getWorkflow();
	const execution = context.getExecutionId();
	return `n8n workflow ${workflow.id ?? workflow.name ?? 'unsaved'}, execution ${execution ?? 'manual'}`;
}
