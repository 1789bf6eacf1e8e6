/** The fields of a PostgreSQL error that the library looks at. */
interface PgError {
	code?: string;
	constraint?: string;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
// PostgreSQL 18 (PGlite) reports a delete blocked by ON DELETE RESTRICT as restrict_violation.
const RESTRICT_VIOLATION = '23001';

function pgError(error: unknown): PgError {
	return typeof error === 'object' && error !== null ? (error as PgError) : {};
}

/** True when `error` is a unique violation, of `constraint` if given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	const { code, constraint: name } = pgError(error);
	return code === UNIQUE_VIOLATION && (!constraint || name === constraint);
}

/** True when `error` is a foreign-key violation, of `constraint` if given. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
	const { code, constraint: name } = pgError(error);
	const violated = code === FOREIGN_KEY_VIOLATION || code === RESTRICT_VIOLATION;
	return violated && (!constraint || name === constraint);
}
