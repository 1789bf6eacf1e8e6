import { basename } from 'node:path';

import type { Knex } from 'knex';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	IPollFunctions,
} from 'n8n-workflow';

import {
	checkUsableInQueueMode,
	DEFAULT_SCHEMA,
	getDatabase,
	readPort,
	testConnection,
	type ConnectionConfig,
} from '../../lib/db';
import type { InteractionLogError } from '../../lib/core';

export const CREDENTIAL_TYPE = 'interactionLogDatabaseApi';

function text(value: unknown, fallback: string): string {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

function number(value: unknown, fallback: number): number {
	const parsed = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** The credential's fields as the library's connection config. */
export function toConnectionConfig(credentials: ICredentialDataDecryptedObject): ConnectionConfig {
	const common = {
		schema: text(credentials.schema, DEFAULT_SCHEMA),
		autoMigrate: credentials.autoMigrate !== false,
	};
	if (credentials.mode === 'postgres') {
		return {
			kind: 'postgres',
			...common,
			host: text(credentials.host, 'localhost'),
			port:
				credentials.port === undefined || credentials.port === '' || credentials.port === null
					? 5432
					: readPort(credentials.port),
			database: text(credentials.database, 'postgres'),
			user: text(credentials.user, 'postgres'),
			password: typeof credentials.password === 'string' ? credentials.password : '',
			ssl: credentials.ssl === 'require' ? 'require' : 'disable',
			allowSelfSigned: credentials.ignoreSslIssues === true,
			maxConnections: number(credentials.maxConnections, 10),
			connectionTimeoutMs: number(credentials.connectionTimeout, 10) * 1000,
			// Only when set: the same connection without a timeout keeps the same cache key.
			...(number(credentials.statementTimeout, 0) > 0
				? { statementTimeoutMs: number(credentials.statementTimeout, 0) * 1000 }
				: {}),
		};
	}
	return {
		kind: 'embedded',
		...common,
		dataDirectory: typeof credentials.dataDirectory === 'string' ? credentials.dataDirectory : '',
	};
}

/**
 * Whether this process is part of an n8n in queue mode: EXECUTIONS_MODE=queue (the main process
 * and webhook processors need it), or the process is `n8n worker`, which switches to queue mode
 * whatever the environment says.
 */
export function runsInQueueMode(
	env: NodeJS.ProcessEnv = process.env,
	argv: readonly string[] = process.argv,
): boolean {
	if (env.EXECUTIONS_MODE?.trim().toLowerCase() === 'queue') return true;
	const [, script = '', command] = argv;
	return basename(script) === 'n8n' && (command === 'worker' || command === 'webhook');
}

/** The credential's connection config, refused when it cannot work in this process. */
function usableConnectionConfig(credentials: ICredentialDataDecryptedObject): ConnectionConfig {
	const config = toConnectionConfig(credentials);
	if (runsInQueueMode()) checkUsableInQueueMode(config);
	return config;
}

/** The shared, migrated database of the node's credential. */
export async function databaseOf(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
): Promise<Knex> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return await getDatabase(usableConnectionConfig(credentials));
}

/** Credential test for every node of the package; it never touches the shared pool. */
export async function interactionLogConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let config: ConnectionConfig;
	try {
		config = usableConnectionConfig(credential.data ?? {});
	} catch (error) {
		const { message, details } = error as InteractionLogError;
		return { status: 'Error', message: details?.hint ? `${message}. ${details.hint}` : message };
	}
	const result = await testConnection(config);
	return { status: result.ok ? 'OK' : 'Error', message: result.message };
}
