import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Who changed the log, for the entries and the audit: the "Actor" option when given, else the
 * workflow and the execution that did it, so every change can be traced back to a run.
 */
export function actorOf(context: IExecuteFunctions, given: unknown): string {
	if (typeof given === 'string' && given.trim() !== '') return given.trim();
	const workflow = context.getWorkflow();
	const execution = context.getExecutionId();
	return `n8n workflow ${workflow.id ?? workflow.name ?? 'unsaved'}, execution ${execution ?? 'manual'}`;
}

/** The "Actor" option of every node that changes the log: one name, one default. */
export function actorOption(what: string): INodeProperties {
	return {
		displayName: 'Actor',
		name: 'actor',
		type: 'string',
		default: '',
		description: `Who ${what}; kept in the audit. Default: this workflow and execution.`,
	};
}

/** The "Reason" option beside it. */
export function reasonOption(example = ''): INodeProperties {
	return {
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: `Why, kept in the audit${example ? `, e.g. "${example}"` : ''}`,
	};
}
