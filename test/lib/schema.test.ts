import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createKnex, closeAllDatabases, migrateToLatest } from '../../lib/db';
import {
	CONTACT_TYPES,
	CORRESPONDENCE_TYPES,
	EVALUATIONS,
	INFORMATION_FLOWS,
	INITIATORS,
} from '../../lib/core';
import { LOG_EVENT_TYPES } from '../../lib/log';
import { BACKENDS } from '../support/backends';
import { freshConfig } from '../support/database';
import { readSchemaSnapshot } from '../support/schema-snapshot';
import { RETENTION_SCOPES } from '../../lib/privacy';

const SNAPSHOT = join(__dirname, '..', 'schema.sql');
const UPDATE = process.env.UPDATE_SCHEMA_SNAPSHOT === '1';

/** Which of the lib's enumerations each column's CHECK list must equal. */
const ENUMERATIONS: Record<string, readonly string[]> = {
	information_flow: INFORMATION_FLOWS,
	initiated_by: INITIATORS,
	correspondence_type: CORRESPONDENCE_TYPES,
	evaluation: EVALUATIONS,
	type: CONTACT_TYPES,
	event_type: LOG_EVENT_TYPES,
	scope: RETENTION_SCOPES,
};
/** Codes of the statistics upkeep's own tables, not enumerations of the domain. */
const INTERNAL_COLUMNS = new Set(['bucket_level', 'dimension']);

describe.each(BACKENDS)('%s: schema', (backend) => {
	let snapshot = '';
	beforeAll(async () => {
		const config = freshConfig(backend);
		const db = await createKnex(config);
		try {
			await migrateToLatest(db, config.schema);
			snapshot = await readSchemaSnapshot(db, config.schema);
		} finally {
			if (config.kind === 'postgres') await db.raw('drop schema ?? cascade', [config.schema]);
			await db.destroy();
		}
	});
	afterAll(async () => await closeAllDatabases());

	it('is what test/schema.sql says (after a migration: UPDATE_SCHEMA_SNAPSHOT=1 npx jest test/lib/schema.test.ts, then review the diff)', () => {
		if (UPDATE && backend === 'pglite') writeFileSync(SNAPSHOT, snapshot);
		expect(snapshot).toEqual(readFileSync(SNAPSHOT, 'utf8'));
	});

	it('checks every enumerated column against the list the lib uses', () => {
		const lists = [
			...snapshot.matchAll(
				/constraint (\S+) CHECK \(\(\(?(\w+)\)?(?:::text)? = ANY \(\(?ARRAY\[(.*?)\]\)/g,
			),
		]
			.filter(([, , column]) => !INTERNAL_COLUMNS.has(column))
			.map(([, name, column, values]) => ({
				name,
				column,
				values: [...values.matchAll(/'([^']*)'/g)].map((m) => m[1]),
			}));
		expect(lists.length).toBeGreaterThanOrEqual(10);
		for (const { name, column, values } of lists) {
			const expected = ENUMERATIONS[column];
			if (!expected) throw new Error(`${name}: no lib enumeration mapped for column ${column}`);
			expect({ name, values: [...values].sort() }).toEqual({ name, values: [...expected].sort() });
		}
		// And every enumeration is enforced somewhere.
		const checked = new Set(lists.map((l) => l.column));
		expect([...checked].sort()).toEqual(Object.keys(ENUMERATIONS).sort());
	});
});
