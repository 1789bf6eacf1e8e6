import { InteractionLogError } from '../core';
import type { ConnectionConfig } from './config';

interface DriverError {
	code?: string;
	name?: string;
	message?: string;
}

function where(config?: ConnectionConfig | string): string {
	if (!config) return 'the database';
	if (typeof config === 'string') return config;
	return config.kind === 'embedded'
		? 'the embedded database'
		: `PostgreSQL at ${config.host}:${config.port}`;
}

/**
 * How to size the pools: every n8n process that runs these nodes (the main process, each worker,
 * each webhook processor) keeps a pool of its own, so the server sees the sum of them all.
 */
function tooManyConnectionsHint(config?: ConnectionConfig): string {
	const pool =
		config?.kind === 'postgres'
			? `Max Connections (now ${config.maxConnections})`
			: 'Max Connections';
	return (
		`Each n8n process that runs these nodes (main, every worker, every webhook processor) opens up to ${pool} ` +
		"of this credential. Keep processes x Max Connections, plus n8n's own database pool and any other client, " +
		"below the server's max_connections (SHOW max_connections) and the role's or database's connection limit. " +
		'A worker runs at most its concurrency (n8n worker --concurrency, default 10) executions at once and needs no ' +
		'more connections than that: e.g. 2 workers x concurrency 10 with Max Connections 10 need 20 plus the main ' +
		'process. Lower Max Connections or the worker concurrency, or raise max_connections.'
	);
}

/**
 * Recognises the ways a connection fails (server down, wrong password, unknown database, pool
 * exhausted, too many connections) and words them for a workflow builder; returns undefined for
 * any other error.
 */
export function describeConnectionError(
	error: unknown,
	config?: ConnectionConfig | string,
): InteractionLogError | undefined {
	const { code, name, message = '' } = (error ?? {}) as DriverError;
	const fail = (text: string, hint: string) =>
		new InteractionLogError('CONNECTION', text, { hint }, { cause: error });
	const target = where(config);
	switch (code) {
		case 'ECONNREFUSED':
			return fail(
				`Could not connect to ${target}: connection refused`,
				'Check that the server is running and that host and port in the credential are right.',
			);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return fail(
				`Could not connect to ${target}: the host name does not resolve`,
				'Check the host in the credential.',
			);
		case 'ECONNRESET':
		case 'EPIPE':
			return fail(
				`The connection to ${target} was lost`,
				'Check that the server is running and reachable; run again once it is back.',
			);
		case 'ETIMEDOUT':
			return fail(
				`Could not connect to ${target}: the connection timed out`,
				'Check host, port and firewall, or raise the connection timeout in the credential.',
			);
		case '28P01':
			return fail(
				`PostgreSQL refused the password for user "${typeof config === 'object' && config.kind === 'postgres' ? config.user : ''}"`,
				'Check user and password in the credential.',
			);
		case '28000':
			return fail(
				`PostgreSQL refused the login: ${message}`,
				"Check the user in the credential and the server's pg_hba.conf.",
			);
		case '3D000':
			return fail(
				`The database does not exist: ${message}`,
				'Check the database name in the credential, or create the database.',
			);
		case '53300':
			return fail(
				`${target} refused the connection: too many connections (${message})`,
				tooManyConnectionsHint(typeof config === 'string' ? undefined : config),
			);
		case '57P01':
		case '57P03':
			return fail(
				`${target} is shutting down or starting up`,
				'Try again in a moment; turn on "Retry On Fail" for the node to ride this out.',
			);
	}
	if (name === 'KnexTimeoutError') {
		return fail(
			`No connection to ${target} became free in time`,
			'The pool is exhausted or the server does not answer: raise "Max Connections" in the credential, or lower the node concurrency.',
		);
	}
	// Never the message itself past this point: Knex prefixes it with the SQL statement.
	if (/timeout expired|due to connection timeout/i.test(message)) {
		return fail(
			`Could not connect to ${target}: no answer within the connection timeout`,
			'Check host, port and firewall, or raise the connection timeout in the credential.',
		);
	}
	if (/Connection terminated|not queryable|Client was closed/i.test(message)) {
		return fail(
			`The connection to ${target} was lost`,
			'Check that the server is running (a restart or an administrator may have ended the session); run again once it is back.',
		);
	}
	return undefined;
}
