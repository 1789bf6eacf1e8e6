import type { Knex } from 'knex';

import { migrations, type Migration } from '../../migrations';

/** Lists the migrations from code, so the compiled package runs the same list everywhere. */
class ListedMigrationSource implements Knex.MigrationSource<Migration> {
	async getMigrations() {
		return [...migrations];
	}
	getMigrationName(migration: Migration) {
		return migration.name;
	}
	async getMigration(migration: Migration) {
		return migration;
	}
}

function migratorConfig(schema: string): Knex.MigratorConfig {
	return {
		migrationSource: new ListedMigrationSource(),
		schemaName: schema,
		tableName: 'knex_migrations',
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Two workers starting at once both try to migrate: one holds Knex's migration lock and the other
// is told "already locked", or loses the race to create the bookkeeping tables. Either way it waits
// and tries again, and then finds nothing left to apply.
function isConcurrentMigrationError(error: unknown): boolean {
	const { name, code } = (error ?? {}) as { name?: string; code?: string };
	return name === 'MigrationLocked' || code === '23505' || code === '42P07' || code === '42P06';
}

async function createSchema(db: Knex, schema: string) {
	try {
		await db.raw('create schema if not exists ??', [schema]);
	} catch (error) {
		if (!isConcurrentMigrationError(error)) throw error;
	}
}

/**
 * Applies every pending migration to `schema` under Knex's migration lock; safe when several
 * processes start together. Returns the names applied by this call.
 */
export async function migrateToLatest(
	db: Knex,
	schema: string,
	{ lockWaitMs = 60_000 } = {},
): Promise<string[]> {
	const deadline = Date.now() + lockWaitMs;
	for (let attempt = 0; ; attempt++) {
		try {
			await createSchema(db, schema);
			const [, applied] = (await db.migrate.latest(migratorConfig(schema))) as [number, string[]];
			return applied;
		} catch (error) {
			if (!isConcurrentMigrationError(error) || Date.now() > deadline) throw error;
			await sleep(Math.min(50 * 2 ** attempt, 500));
		}
	}
}

export interface MigrationState {
	readonly name: string;
	readonly applied: boolean;
}

/** Every known migration and whether it is applied to `schema`. */
export async function migrationStatus(db: Knex, schema: string): Promise<MigrationState[]> {
	const exists = await schemaIsMigrated(db, schema);
	const appliedNames = new Set<string>(
		exists ? await db.withSchema(schema).table('knex_migrations').pluck('name') : [],
	);
	return migrations.map(({ name }) => ({ name, applied: appliedNames.has(name) }));
}

/** True once the schema holds Knex's migration table (the log was set up at least once). */
export async function schemaIsMigrated(db: Knex, schema: string): Promise<boolean> {
	const result = await db.raw<{ rows: Array<{ found: boolean }> }>(
		'select to_regclass(?) is not null as found',
		[`"${schema}".knex_migrations`],
	);
	return result.rows[0].found;
}

/** Rolls every migration back (tests and `migrate --down-all`), newest first. */
export async function rollbackAll(db: Knex, schema: string): Promise<string[]> {
	const [, reverted] = (await db.migrate.rollback(migratorConfig(schema), true)) as [
		number,
		string[],
	];
	return reverted;
}

/** Clears a lock left by a process that died while migrating. */
export async function forceFreeMigrationLock(db: Knex, schema: string): Promise<void> {
	await db.migrate.forceFreeMigrationsLock(migratorConfig(schema));
}
