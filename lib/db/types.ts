import { types as pgTypes } from 'pg';

/** bigint (entry numbers) and numeric (cost, duration) as JS numbers: all ours fit in a double. */
export function parseNumeric(value: string): number {
	return Number(value);
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/**
 * Type parsers for one `pg` connection. Passed in the connection config rather than set on the
 * process-global `pg.types`, so other packages in the same n8n process keep their own parsing.
 * DATE stays the `YYYY-MM-DD` text: pg would turn it into a local-midnight `Date`.
 */
export const connectionTypeParsers = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === INT8_OID || oid === NUMERIC_OID) return parseNumeric;
		if (oid === DATE_OID) return (value: string) => value;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return (pgTypes.getTypeParser as (oid: number, format?: any) => unknown)(oid, format);
	},
};
