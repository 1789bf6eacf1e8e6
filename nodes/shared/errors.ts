import { NodeOperationError, type INode } from 'n8n-workflow';

import type { InteractionLogError } from '../../lib/core';
import { describeDatabaseError } from '../../lib/db';

function describeDetails(error: InteractionLogError): string | undefined {
	const { field, hint } = error.details;
	const parts = [field ? `Field: ${field}.` : undefined, hint].filter(Boolean);
	return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The one place where errors become n8n errors: library errors keep their message and get the
 * field and the fix as description; database and connection failures are worded by the library
 * (`describeDatabaseError`), never shown with the SQL statement.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	const known = describeDatabaseError(error);
	return new NodeOperationError(node, known.message, {
		itemIndex,
		description: describeDetails(known),
	});
}

/** The `json` of an error item under continueOnFail: message, and the library's code and field when known. */
export function errorItemJson(error: NodeOperationError, cause: unknown) {
	const known =
		cause === undefined || cause instanceof NodeOperationError
			? undefined
			: describeDatabaseError(cause);
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(known ? { errorCode: known.code, errorField: known.details.field } : {}),
	};
}
