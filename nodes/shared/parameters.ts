import type { IExecuteFunctions } from 'n8n-workflow';

/** Whether a parameter's raw value holds an n8n expression: a string starting with '=', anywhere. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

function rawValue(parameters: object, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

export interface ParameterOptions {
	/** The value of a resource locator, as `getNodeParameter`'s `extractValue`. */
	readonly extractValue?: boolean;
}

/** Reads the parameter `name` (a dotted path for a field of a collection) for one item. */
export type ItemParameter = (
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: ParameterOptions,
) => unknown;

/**
 * A reader of the node's parameters for each item of one execution. n8n's `getNodeParameter`
 * resolves a value anew on every call (it walks, copies and validates it, and builds the
 * expression context), which for thousands of items costs more than writing them. A parameter
 * whose raw value holds no expression is the same for every item: it is read once, on first use,
 * and that value is returned for every item (callers must not change it). Only a parameter
 * holding an expression, or a collection with one inside, is evaluated per item.
 *
 * ### Examples
 * ```ts
 * const parameter = itemParameters(this);
 * for (let i = 0; i < items.length; i++) parameter('documentNo', i, ''); // once, unless an expression
 * ```
 */
export function itemParameters(context: IExecuteFunctions): ItemParameter {
	const parameters = context.getNode().parameters;
	const once = new Map<string, unknown>();
	return (name, itemIndex, fallback, options = {}) => {
		const read = () => context.getNodeParameter(name, itemIndex, fallback, options) as unknown;
		if (holdsExpression(rawValue(parameters, name))) return read();
		const key = `${name}\u0000${options.extractValue === true}`;
		if (!once.has(key)) once.set(key, read());
		return once.get(key);
	};
}
