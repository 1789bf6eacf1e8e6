import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from './operation';

/**
 * A node's operations by the values of its routing parameters: `{ cancel, restore }` by
 * operation, or `{ contact: { get, upsert }, ... }` by resource, then operation. Module
 * namespaces fit as they are; what is not an operation (a resource's `description`) is skipped.
 */
export interface Routes {
	readonly [value: string]: Operation | Routes | unknown;
}

function isOperation(candidate: unknown): candidate is Operation {
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		('execute' in candidate || 'executeAll' in candidate)
	);
}

/**
 * The one router of every node: follows `parameters` (e.g. `['resource', 'operation']`, read
 * from the first item: they cannot differ between items) through `routes` and runs the operation
 * found there on every input item.
 */
export async function route(
	context: IExecuteFunctions,
	parameters: readonly string[],
	routes: Routes,
): Promise<INodeExecutionData[][]> {
	let found: unknown = routes;
	const chosen: string[] = [];
	for (const parameter of parameters) {
		const value = context.getNodeParameter(parameter, 0) as string;
		chosen.push(`${parameter} "${value}"`);
		found =
			typeof found === 'object' && found !== null && !isOperation(found)
				? (found as Routes)[value]
				: undefined;
	}
	if (!isOperation(found)) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${chosen.join(' with the ')} is not supported by ${context.getNode().name}`,
		);
	}
	return [await runOperation(context, found)];
}
