import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import knex, { type Knex } from 'knex';

import { postgresConfigFromUrl, type ConnectionConfig } from '../../lib/db';
import { closeAllDatabases, getDatabase } from '../../lib/db';
import { PGLITE_TEMPLATE_DIR, TEST_PG_URL, type Backend } from './backends';

export interface TestDatabase {
	/** The shared, migrated Knex of this test file (the same one the nodes get). */
	readonly db: Knex;
	/** The connection config, e.g. to build a credential for a workflow. */
	readonly config: ConnectionConfig;
	readonly backend: Backend;
}

let counter = 0;
const createdDirectories: string[] = [];
const createdSchemas: string[] = [];

function uniqueSchemaName(): string {
	counter += 1;
	return `t_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** A fresh config on `backend`: a copied PGlite directory, or a new schema on the server. */
export function freshConfig(backend: Backend, overrides: { autoMigrate?: boolean } = {}) {
	const schema = uniqueSchemaName();
	const autoMigrate = overrides.autoMigrate ?? true;
	if (backend === 'postgres') {
		if (!TEST_PG_URL) throw new Error('INTERACTION_LOG_TEST_PG_URL is not set');
		createdSchemas.push(schema);
		// Without the URL: the same fields a credential gives, so nodes share the test's instance.
		return postgresConfigFromUrl(TEST_PG_URL, {
			schema,
			autoMigrate,
			maxConnections: 5,
			url: undefined,
		});
	}
	const dataDirectory = mkdtempSync(join(tmpdir(), 'interaction-log-pglite-'));
	cpSync(PGLITE_TEMPLATE_DIR, dataDirectory, { recursive: true });
	createdDirectories.push(dataDirectory);
	return { kind: 'embedded', dataDirectory, schema, autoMigrate } as const;
}

/**
 * Gives the test file a migrated database on `backend`, opened in `beforeAll` and removed in
 * `afterAll` (the server schema is dropped, the PGlite copy deleted).
 */
export function useTestDatabase(backend: Backend): TestDatabase {
	let state: { db: Knex; config: ConnectionConfig } | undefined;
	beforeAll(async () => {
		const config = freshConfig(backend);
		state = { config, db: await getDatabase(config) };
	});
	afterAll(async () => {
		if (!state) return;
		const { db, config } = state;
		if (config.kind === 'postgres')
			await db.raw('drop schema if exists ?? cascade', [config.schema]);
		await closeAllDatabases();
		if (config.kind === 'embedded') rmSync(config.dataDirectory, { recursive: true, force: true });
	});
	const current = () => {
		if (!state) throw new Error('useTestDatabase: the database opens in beforeAll');
		return state;
	};
	return {
		backend,
		get db() {
			return current().db;
		},
		get config() {
			return current().config;
		},
	};
}

/** Empties every table (the template setup keeps its slots, cleared), between tests. */
export async function resetData(db: Knex): Promise<void> {
	await db.raw(`truncate interaction_log_events, interaction_log_comments, interaction_log_entries,
		interaction_log_rollup, interaction_log_contact_rollup, interaction_log_rollup_deltas, logged_segments, segment_lines,
		segments, contact_business_relations, contacts, erased_contact_keys
		restart identity cascade`);
	await db('interaction_template_setup').where({ is_custom: true }).delete();
	await db('interaction_template_setup').update({ template_code: null });
	await db('interaction_templates').delete();
	await db('interaction_groups').delete();
	await db('number_series').update({ prefix: 'CT', width: 6, last_no: 0 });
}

/**
 * Closes every database of the test file and removes what `freshConfig` made: PGlite copies and
 * server schemas. Registered for every test file in test/setup/after-env.ts.
 */
export async function removeFreshDatabases(): Promise<void> {
	await closeAllDatabases();
	if (TEST_PG_URL && createdSchemas.length > 0) {
		const db = knex({ client: 'pg', connection: TEST_PG_URL, pool: { min: 0, max: 1 } });
		try {
			for (const schema of createdSchemas.splice(0)) {
				await db.raw('drop schema if exists ?? cascade', [schema]);
			}
		} finally {
			await db.destroy();
		}
	}
	for (const directory of createdDirectories.splice(0)) {
		rmSync(directory, { recursive: true, force: true });
	}
}
