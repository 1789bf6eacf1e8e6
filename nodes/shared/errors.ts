import { NodeOperationError, type INode } from 'n8n-workflow';

import { describeConnectionError } from '../../lib/db';
import { isInteractionLogError, type InteractionLogError } from '../../lib/core';

function describeDetails(error: InteractionLogError): string | undefined {
	const { field, hint } = error.details;
	const parts = [field ? `Field: ${field}.` : undefined, hint].filter(Boolean);
	return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The one place where errors become n8n errors: library errors keep their message and get the
 * field and the fix as description; connection failures get their wording; anything else is a
 * database error shown with its PostgreSQL code.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	const known = isInteractionLogError(error) ? error : describeConnectionError(error);
	if (known) {
		return new NodeOperationError(node, known.message, {
			itemIndex,
			description: describeDetails(known),
		});
	}
	const { message, code } = (error ?? {}) as { message?: string; code?: string };
	return new NodeOperationError(node, `Database error: ${message ?? String(error)}`, {
		itemIndex,
		description: code
			? `PostgreSQL error code ${code}. Nothing was written for this item.`
			: undefined,
	});
}

/** The `json` of an error item under continueOnFail: message, and the library's code and field when known. */
export function errorItemJson(error: NodeOperationError, cause: unknown) {
	const known = isInteractionLogError(cause) ? cause : undefined;
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(known ? { errorCode: known.code, errorField: known.details.field } : {}),
	};
}
