import { closeAllDatabases, createKnex } from '../../lib/db';
import { migrateToLatest, migrationStatus, rollbackAll } from '../../lib/db';
import { migrations } from '../../migrations';
import { BACKENDS } from '../support/backends';
import { freshConfig } from '../support/database';
import { readSchemaSnapshot } from '../support/schema-snapshot';

async function tableNames(db: Awaited<ReturnType<typeof createKnex>>, schema: string) {
	return await db('information_schema.tables')
		.where({ table_schema: schema })
		.orderBy('table_name')
		.pluck('table_name');
}

describe.each(BACKENDS)('%s: migrations', (backend) => {
	afterAll(async () => await closeAllDatabases());

	it('migrates up, down and up again, leaving the schema as the first time', async () => {
		const config = freshConfig(backend);
		const db = await createKnex(config);
		try {
			expect(await migrateToLatest(db, config.schema)).toEqual(migrations.map((m) => m.name));
			const first = await tableNames(db, config.schema);
			const firstSchema = await readSchemaSnapshot(db, config.schema);
			expect(first).toEqual(
				expect.arrayContaining(['interaction_log_entries', 'interaction_templates', 'contacts']),
			);
			expect(await rollbackAll(db, config.schema)).toHaveLength(migrations.length);
			expect(await tableNames(db, config.schema)).toEqual([
				'knex_migrations',
				'knex_migrations_lock',
			]);
			await migrateToLatest(db, config.schema);
			expect(await tableNames(db, config.schema)).toEqual(first);
			// Columns, constraints, indexes, triggers and functions too, not just the tables.
			expect(await readSchemaSnapshot(db, config.schema)).toEqual(firstSchema);
			expect((await migrationStatus(db, config.schema)).every((m) => m.applied)).toBe(true);
		} finally {
			if (config.kind === 'postgres') await db.raw('drop schema ?? cascade', [config.schema]);
			await db.destroy();
		}
	});

	it('creates the tables in the configured schema, not in public', async () => {
		const config = freshConfig(backend);
		const db = await createKnex(config);
		try {
			await migrateToLatest(db, config.schema);
			expect(await tableNames(db, 'public')).not.toContain('interaction_log_entries');
			const slots = await db('interaction_template_setup').count<{ count: number }[]>('* as count');
			expect(slots[0].count).toBe(30);
		} finally {
			if (config.kind === 'postgres') await db.raw('drop schema ?? cascade', [config.schema]);
			await db.destroy();
		}
	});
});
