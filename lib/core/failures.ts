import { InteractionLogError } from './errors';

// Which failures end a whole batch rather than one item: the connection is gone (or was never
// there), or the statement was canceled (a statement timeout, a stopped execution). Retrying the
// items one by one after those would only take longer and fail the same way.

interface DriverError {
	readonly code?: unknown;
	readonly name?: unknown;
	readonly message?: unknown;
}

const CONNECTION_ERRNOS = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

// SQLSTATE: class 08 is "connection exception"; 57P01-57P03 a server shutting down, crashed or
// starting; 53300 too many connections.
const CONNECTION_STATES = /^(08...|57P0[123]|53300)$/;

// What pg and knex say when a connection breaks mid-query, without a code.
const CONNECTION_MESSAGES =
	/Connection terminated|connection error and is not queryable|Client was closed|socket hang up|PGlite is closed|read ECONNRESET/i;

function fieldsOf(error: unknown): DriverError {
	return typeof error === 'object' && error !== null ? (error as DriverError) : {};
}

/** True when `error` means the database cannot be reached or the connection broke. */
export function isConnectionFailure(error: unknown): boolean {
	const { code, name, message } = fieldsOf(error);
	if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || CONNECTION_STATES.test(code))) {
		return true;
	}
	if (code === 'CONNECTION') return true; // our own InteractionLogError
	if (name === 'KnexTimeoutError') return true;
	return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** True when the statement was canceled: a statement timeout, or a stopped execution. */
export function isCancellation(error: unknown): boolean {
	const { code } = fieldsOf(error);
	return code === '57014' || code === 'CANCELED';
}

/** True when `error` ends the batch: no other item can be written after it. */
export function endsTheBatch(error: unknown): boolean {
	return isConnectionFailure(error) || isCancellation(error);
}

/**
 * The error of work not done because the execution was stopped: `progress` says what became of
 * the work (after the message), `hint` what to do, `cause` the canceled statement's error.
 */
export function canceledError({
	progress,
	hint = 'The transaction in progress was rolled back; what committed before the stop stays. Run again to do the rest.',
	cause,
}: { progress?: string; hint?: string; cause?: unknown } = {}): InteractionLogError {
	return new InteractionLogError(
		'CANCELED',
		progress ? `The execution was stopped: ${progress}` : 'The execution was stopped',
		{ hint },
		cause === undefined ? undefined : { cause },
	);
}
