/**
 * Appends every element of `items` to `target` and returns `target`. A loop, not
 * `target.push(...items)`: spreading passes each element as an argument, and above roughly
 * 100,000 of them the call overflows the stack. Outputs of any size go through here.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
	for (const item of items) target.push(item);
	return target;
}
