import type { Knex } from 'knex';

import {
	InteractionLogError,
	isCancellation,
	isConnectionFailure,
	isInteractionLogError,
} from '../core';
import type { ConnectionConfig } from './config';
import { describeConnectionError } from './connection-errors';

/** The PostgreSQL error fields the wording uses; never `message`, which Knex prefixes with the SQL. */
interface PgErrorFields {
	readonly code?: string;
	readonly column?: string;
	readonly constraint?: string;
	readonly table?: string;
}

// Where each Knex instance points, for messages: "PostgreSQL at db.example.com:5432".
const targets = new WeakMap<object, string>();

/** Names what `config` connects to, in a message. */
export function describeTarget(config: ConnectionConfig): string {
	return config.kind === 'embedded'
		? 'the embedded database'
		: `PostgreSQL at ${config.host}:${config.port}`;
}

/** Remembers what `db` connects to (set once, when the instance is created). */
export function rememberTarget(db: Knex, config: ConnectionConfig): void {
	targets.set(db, describeTarget(config));
}

/** What `db` connects to, for a message; "the database" when unknown. */
export function targetOf(db: Knex | Knex.Transaction): string {
	return targets.get(db) ?? 'the database';
}

const looksLikeSql = (text: string) =>
	/\b(select|insert|update|delete|with|create|alter|drop)\b[\s\S]*\b(from|into|set|as|table|schema)\b/i.test(
		text,
	);

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The field a constraint named `<table>_<column>_check` is about, in the library's terms. */
function fieldOfConstraint(fields: PgErrorFields): string | undefined {
	const { constraint, table } = fields;
	if (!constraint) return undefined;
	const withoutTable =
		table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
	return camel(withoutTable.replace(/_(check|fk|idx|key|pkey)$/, ''));
}

function worded(
	code: InteractionLogError['code'],
	message: string,
	hint: string,
	cause: unknown,
	field?: string,
) {
	return new InteractionLogError(code, message, field ? { field, hint } : { hint }, { cause });
}

/**
 * Words any error of a database call for a workflow builder: connection failures name the server,
 * PostgreSQL errors are told by their SQLSTATE, and no message ever carries the SQL statement
 * (Knex prefixes the driver's message with it, so the driver's message is never used).
 */
export function describeDatabaseError(
	error: unknown,
	where?: ConnectionConfig | string,
): InteractionLogError {
	if (isInteractionLogError(error)) return error;
	const connection = describeConnectionError(error, where);
	if (connection) return connection;
	const target =
		where === undefined
			? 'the database'
			: typeof where === 'string'
				? where
				: describeTarget(where);
	if (isConnectionFailure(error)) {
		return worded(
			'CONNECTION',
			`The connection to ${target} was lost`,
			'Check that the server is running; run again once it is back (entries already written come back as duplicates, not twice).',
			error,
		);
	}
	if (isCancellation(error)) {
		return worded(
			'CANCELED',
			'The statement was canceled (it ran past the statement timeout, or the execution was stopped)',
			'Nothing of the canceled transaction was written. Raise "Statement Timeout" in the credential, or make the batch smaller.',
			error,
		);
	}
	const fields = (typeof error === 'object' && error !== null ? error : {}) as PgErrorFields;
	const state = fields.code ?? '';
	const column = fields.column ? camel(fields.column) : undefined;
	switch (state) {
		case '22003':
			return worded(
				'VALIDATION',
				'A number is too large for its column',
				'Cost holds at most 16 digits before the decimal point, a duration at most 10, whole numbers such as a version at most 2,147,483,647.',
				error,
				column,
			);
		case '22001':
			return worded(
				'VALIDATION',
				'A text is longer than its column allows',
				'Shorten the value; the field descriptions give each length.',
				error,
				column,
			);
		case '22021':
		case '22P05':
		case '22P02':
		case '22P06':
			return worded(
				'VALIDATION',
				'A text holds a character the database cannot store (a NUL character or a lone surrogate)',
				'Remove control characters such as \\u0000 from the values.',
				error,
				column,
			);
		case '22007':
		case '22008':
			return worded(
				'VALIDATION',
				'A date is outside what the database can store',
				'Use a date between the years 1 and 9999.',
				error,
				column,
			);
		case '23502':
			return worded(
				'VALIDATION',
				`A required value is missing${column ? `: ${column}` : ''}`,
				'Give a value for it.',
				error,
				column,
			);
		case '23514':
			return worded(
				'VALIDATION',
				'A value breaks a rule of the log',
				'Check the value of the field named.',
				error,
				fieldOfConstraint(fields),
			);
		case '23505':
			return worded(
				'CONFLICT',
				'The value is already taken by another row',
				'Another writer got there first; run again to get the row that exists.',
				error,
				fieldOfConstraint(fields),
			);
		case '23503':
		case '23001':
			return worded(
				'CONFLICT',
				'A row it refers to does not exist, or another row still refers to it',
				'Create or keep the referenced row first.',
				error,
				fieldOfConstraint(fields),
			);
		case '40001':
		case '40P01':
			return worded(
				'CONFLICT',
				'Another transaction changed the same rows at the same time',
				'Run again: nothing of this transaction was written.',
				error,
			);
		case '25006':
			return worded(
				'CONFIGURATION',
				'The database is read-only (a standby or a read-only transaction)',
				'Point the credential at the primary server.',
				error,
			);
	}
	if (state.startsWith('53')) {
		return worded(
			'DATABASE',
			`${target} is out of resources (PostgreSQL error ${state})`,
			'Try again later, or ask the database administrator about disk, memory and connections.',
			error,
		);
	}
	if (state.startsWith('42')) {
		return worded(
			'CONFIGURATION',
			`The database does not hold what the log expects (PostgreSQL error ${state})`,
			'Turn on "Run Migrations Automatically", or run `npx interaction-log migrate`, and check the schema in the credential.',
			error,
		);
	}
	if (!state) {
		// Not from the database (no SQLSTATE): our own mistake, told as such, without its message
		// when that could carry a statement.
		const { message } = error as { message?: unknown };
		const text = typeof message === 'string' && !looksLikeSql(message) ? `: ${message}` : '';
		return worded(
			'DATABASE',
			`Unexpected error${text}`,
			'Report it with the workflow that shows it.',
			error,
		);
	}
	return worded(
		'DATABASE',
		`The database refused the statement (PostgreSQL error ${state})`,
		'Nothing of the failed transaction was written. Run again; if it fails the same way, report it with the PostgreSQL error code.',
		error,
	);
}
