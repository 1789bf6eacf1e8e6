/**
 * A LIKE / ILIKE pattern that matches values containing `text` as it is: its `%`, `_` and `\`
 * escaped (PostgreSQL's default escape character), so a search for "50%" finds "50%" and not
 * "500".
 */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
