import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { InteractionLogError } from '../core';

/** Where the log lives: an embedded PGlite directory, or a PostgreSQL server. */
export type ConnectionConfig = EmbeddedConfig | PostgresConfig;

interface CommonConfig {
	/** PostgreSQL schema that holds every table of the log. */
	readonly schema: string;
	/** Apply pending migrations on first use in this process. */
	readonly autoMigrate: boolean;
}

export interface EmbeddedConfig extends CommonConfig {
	readonly kind: 'embedded';
	/** Data directory of the PGlite store; blank means the default under the n8n user folder. */
	readonly dataDirectory: string;
}

export interface PostgresConfig extends CommonConfig {
	readonly kind: 'postgres';
	/** A `postgres://` URL; when set, it wins over the separate fields. */
	readonly url?: string;
	readonly host: string;
	readonly port: number;
	readonly database: string;
	readonly user: string;
	readonly password: string;
	readonly ssl: 'disable' | 'require';
	readonly allowSelfSigned: boolean;
	readonly maxConnections: number;
	readonly connectionTimeoutMs: number;
	/** Longest a statement may run, set on each connection (`statement_timeout`); 0 or absent: none. */
	readonly statementTimeoutMs?: number;
}

export const DEFAULT_SCHEMA = 'interaction_log';

// An unquoted PostgreSQL identifier: it is spliced into DDL (`CREATE SCHEMA`), so nothing else passes.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// PostgreSQL's own schemas: the catalog, the information schema, TOAST and temporary schemas,
// and any name it reserves with the pg_ prefix.
const SYSTEM_SCHEMA = /^(pg_.*|information_schema)$/;

/** Checks the schema name is a plain identifier, so it can never carry SQL. */
export function validateSchemaName(schema: string): string {
	if (SYSTEM_SCHEMA.test(schema)) {
		throw new InteractionLogError(
			'CONFIGURATION',
			`The schema name "${schema}" belongs to PostgreSQL itself`,
			{
				field: 'schema',
				value: schema,
				hint: "Use a schema of your own, e.g. interaction_log; names starting with pg_ and information_schema are PostgreSQL's.",
			},
		);
	}
	if (!SCHEMA_NAME.test(schema)) {
		throw new InteractionLogError('CONFIGURATION', `The schema name "${schema}" is not allowed`, {
			field: 'schema',
			value: schema,
			hint: 'Use lower-case letters, digits and underscores, starting with a letter or underscore (at most 63 characters), e.g. interaction_log',
		});
	}
	return schema;
}

/** The default embedded directory: `<n8n user folder>/.n8n/interaction-log`, as n8n resolves its folder. */
export function defaultDataDirectory(): string {
	const userFolder = process.env.N8N_USER_FOLDER || homedir();
	return join(userFolder, '.n8n', 'interaction-log');
}

export function resolveDataDirectory(config: EmbeddedConfig): string {
	return resolve(config.dataDirectory.trim() || defaultDataDirectory());
}

/**
 * The cache key of a configuration: a hash of every field that changes the connection, so the
 * decrypted password never sits in a map key.
 */
export function connectionKey(config: ConnectionConfig): string {
	const fields: Record<string, unknown> =
		config.kind === 'embedded'
			? // One PGlite store per directory in a process, whatever the schema (see getDatabase).
				{ kind: config.kind, dir: resolveDataDirectory(config) }
			: { ...config, autoMigrate: undefined };
	// Sorted keys: the same connection gives the same key however the config object was built.
	const canonical = JSON.stringify(fields, Object.keys(fields).sort());
	return createHash('sha256').update(canonical).digest('hex');
}

/** Parses a `postgres://user:pass@host:port/db` URL into a config (for the CLI and tests). */
export function postgresConfigFromUrl(
	url: string,
	overrides: Partial<PostgresConfig> = {},
): PostgresConfig {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InteractionLogError('CONFIGURATION', `"${url}" is not a PostgreSQL URL`, {
			field: 'url',
			hint: 'Write it as postgres://user:password@host:5432/database',
		});
	}
	const sslmode = parsed.searchParams.get('sslmode');
	return {
		kind: 'postgres',
		url,
		host: parsed.hostname,
		port: readPort(parsed.port || 5432),
		database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
		user: decodeURIComponent(parsed.username),
		password: decodeURIComponent(parsed.password),
		ssl: sslmode && sslmode !== 'disable' ? 'require' : 'disable',
		allowSelfSigned: sslmode === 'no-verify',
		maxConnections: 10,
		connectionTimeoutMs: 10_000,
		schema: DEFAULT_SCHEMA,
		autoMigrate: true,
		...overrides,
	};
}

/**
 * Refuses the embedded store where several processes run the nodes: in n8n's queue mode the
 * workflows run in worker processes (and webhook processors), each of which would open a store
 * of its own in its own folder, so entries would scatter and duplicates go unseen.
 */
export function checkUsableInQueueMode(config: ConnectionConfig): void {
	if (config.kind !== 'embedded') return;
	throw new InteractionLogError(
		'CONFIGURATION',
		"The embedded database cannot be used in n8n's queue mode",
		{
			field: 'mode',
			value: 'embedded',
			hint:
				'In queue mode every worker and webhook processor is a process of its own, and an embedded database ' +
				'belongs to one process. Set the credential\'s Mode to "PostgreSQL" and point every process at the same server.',
		},
	);
}

/** A TCP port, 1 to 65535; anything else is a worded CONFIGURATION error naming field `port`. */
export function readPort(value: unknown): number {
	const port = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new InteractionLogError(
			'CONFIGURATION',
			`The port ${JSON.stringify(value)} is not a TCP port`,
			{
				field: 'port',
				value,
				hint: "Give the PostgreSQL server's port, a whole number from 1 to 65535 (usually 5432).",
			},
		);
	}
	return port;
}
