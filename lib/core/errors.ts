/**
 * The stable codes of the errors the library throws. Nodes turn each into a `NodeOperationError`;
 * workflows and tests can rely on the code, not on the wording.
 */
export type InteractionLogErrorCode =
	| 'VALIDATION'
	| 'NOT_FOUND'
	| 'CONFLICT'
	| 'BLOCKED'
	| 'CONNECTION'
	| 'CONFIGURATION'
	/** The statement was canceled: a statement timeout, or the execution was stopped. */
	| 'CANCELED'
	/** The database refused a statement for a reason no input field explains. */
	| 'DATABASE';

export interface InteractionLogErrorDetails {
	/** The input field the error is about, in the node's terms (e.g. `templateCode`). */
	readonly field?: string;
	/** The offending value, as given. */
	readonly value?: unknown;
	/** What the user can do about it. */
	readonly hint?: string;
	/** Index of the input record in a batch call, when the lib function takes many. */
	readonly index?: number;
}

/** The one error class of `lib/`: a code, a message a workflow builder understands, and details. */
export class InteractionLogError extends Error {
	readonly code: InteractionLogErrorCode;
	readonly details: InteractionLogErrorDetails;

	constructor(
		code: InteractionLogErrorCode,
		message: string,
		details: InteractionLogErrorDetails = {},
		options?: { cause?: unknown },
	) {
		super(message, options);
		this.name = 'InteractionLogError';
		this.code = code;
		this.details = Object.freeze({ ...details });
	}
}

export function isInteractionLogError(error: unknown): error is InteractionLogError {
	return error instanceof InteractionLogError;
}

export function validationError(field: string, value: unknown, message: string, hint?: string) {
	return new InteractionLogError('VALIDATION', message, { field, value, hint });
}

export function notFoundError(field: string, value: unknown, message: string, hint?: string) {
	return new InteractionLogError('NOT_FOUND', message, { field, value, hint });
}
