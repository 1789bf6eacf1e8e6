import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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

// `={{ $json.a.b }}` or `={{ $json["a b"] }}`: the whole value one reference into the item.
const JSON_REFERENCE =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_PART = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

function jsonPathOf(expression: string): string[] | undefined {
	const match = JSON_REFERENCE.exec(expression);
	if (!match) return undefined;
	return [...match[1].matchAll(PATH_PART)].map((part) => part[1] ?? part[2] ?? part[3]);
}

const NOT_SIMPLE = Symbol('not simple');

/**
 * The value of a raw parameter for one item when every expression in it is a plain reference to
 * a field of the item (`={{ $json.invoiceNo }}`) holding a string, number or boolean: exactly what
 * n8n's evaluation gives, without building its expression context (most of a Define Below run's
 * time). Anything else (another expression, a missing field, an object) is left to n8n.
 */
function resolveReferences(raw: unknown, json: IDataObject): unknown {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return raw;
		const path = jsonPathOf(raw);
		if (!path) return NOT_SIMPLE;
		let value: unknown = json;
		for (const key of path) {
			if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) {
				return NOT_SIMPLE;
			}
			value = (value as IDataObject)[key];
		}
		const primitive = ['string', 'number', 'boolean'].includes(typeof value);
		return primitive ? value : NOT_SIMPLE;
	}
	if (Array.isArray(raw)) {
		const values = raw.map((item) => resolveReferences(item, json));
		return values.includes(NOT_SIMPLE) ? NOT_SIMPLE : values;
	}
	if (raw !== null && typeof raw === 'object') {
		// A resource locator is left to n8n: its modes extract values in their own ways.
		if ('__rl' in raw) return NOT_SIMPLE;
		const entries = Object.entries(raw).map(([key, value]) => [
			key,
			resolveReferences(value, json),
		]);
		return entries.some(([, value]) => value === NOT_SIMPLE)
			? NOT_SIMPLE
			: Object.fromEntries(entries);
	}
	return raw;
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
 * holding an expression, or a collection with one inside, is evaluated per item: by reading the
 * item's field when each expression is a plain `{{ $json.field }}`, by n8n otherwise.
 *
 * ### Examples
 * ```ts
 * const parameter = itemParameters(this);
 * for (let i = 0; i < items.length; i++) parameter('documentNo', i, ''); // once, unless an expression
 * ```
 */
export function itemParameters(context: IExecuteFunctions): ItemParameter {
	const parameters = context.getNode().parameters;
	const items = context.getInputData();
	const once = new Map<string, unknown>();
	return (name, itemIndex, fallback, options = {}) => {
		const read = () => context.getNodeParameter(name, itemIndex, fallback, options) as unknown;
		const raw = rawValue(parameters, name);
		if (holdsExpression(raw)) {
			const value = resolveReferences(raw, items[itemIndex]?.json ?? {});
			return value === NOT_SIMPLE ? read() : value;
		}
		const key = `${name}\u0000${options.extractValue === true}`;
		if (!once.has(key)) once.set(key, read());
		return once.get(key);
	};
}
