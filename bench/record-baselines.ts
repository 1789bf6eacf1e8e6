import type { Knex } from 'knex';
import { Client } from 'pg';

import { inChunks, sqlArray } from '../lib/core';
import type { NewEntryRow } from '../lib/db';
import { copyIn, copyValue } from './copy-in';

// Raw-SQL ways of writing the same entry rows, without the library: the baselines the node path
// is compared with. Each writes into interaction_log_entries only.

type Column = keyof NewEntryRow;

function columnsOf(rows: readonly NewEntryRow[]): Column[] {
	return Object.keys(rows[0]) as Column[];
}

const ARRAY_TYPES: Partial<Record<Column, string>> = {
	occurred_at: 'timestamptz',
	cost: 'numeric',
	duration_min: 'numeric',
	attempt_failed: 'boolean',
	campaign_target: 'boolean',
	campaign_response: 'boolean',
	version_no: 'int',
	doc_no_occurrence: 'int',
};

function copyText(rows: readonly NewEntryRow[], columns: readonly Column[]): Buffer {
	const lines = rows.map((row) => columns.map((c) => copyValue(row[c])).join('\t'));
	return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * `COPY … FROM STDIN` on its own connection (server) or from a blob (PGlite). `upkeep: false`
 * copies with the session's triggers off (session_replication_role replica): the same table
 * without the statistics upkeep, the baseline the upkeep is measured against (the sums are then
 * wrong until the log is emptied, as the benchmark does between runs).
 */
export async function copyRows(
	db: Knex,
	pgUrl: string | undefined,
	schema: string,
	rows: readonly NewEntryRow[],
	{ upkeep = true } = {},
) {
	const columns = columnsOf(rows);
	const text = `copy interaction_log_entries (${columns.join(', ')}) from stdin`;
	const role = `set session_replication_role = ${upkeep ? 'origin' : 'replica'}`;
	if (pgUrl) {
		const client = new Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
		await client.connect();
		try {
			await client.query(role);
			const started = performance.now();
			await copyIn(client, text, copyText(rows, columns));
			return performance.now() - started;
		} finally {
			await client.end();
		}
	}
	const pglite = (await db.client.acquireConnection()) as {
		query(sql: string, params?: unknown[], options?: { blob: Blob }): Promise<unknown>;
	};
	try {
		await pglite.query(role);
		const started = performance.now();
		const data = copyText(rows, columns);
		await pglite.query(text.replace('from stdin', "from '/dev/blob'"), [], {
			blob: new Blob([data]),
		});
		return performance.now() - started;
	} finally {
		await pglite.query('set session_replication_role = origin');
		await db.client.releaseConnection(pglite);
	}
}

/** `insert … select * from unnest(…)`, 5,000 rows per statement, in one transaction. */
export async function unnestRows(db: Knex, rows: readonly NewEntryRow[]) {
	const columns = columnsOf(rows);
	const started = performance.now();
	await db.transaction(async (trx) => {
		for (const part of inChunks(rows)) {
			await trx.raw(
				`insert into interaction_log_entries (${columns.join(', ')})
				select * from unnest(${columns.map((c) => `?::${ARRAY_TYPES[c] ?? 'text'}[]`).join(', ')})`,
				columns.map((c) => sqlArray(part.map((row) => row[c]))),
			);
		}
	});
	return performance.now() - started;
}

/** Multi-row `insert … values (…), (…)`, 2,000 rows per statement (the parameter limit), one transaction. */
export async function valuesRows(db: Knex, rows: readonly NewEntryRow[]) {
	const started = performance.now();
	await db.transaction(async (trx) => {
		for (const part of inChunks(rows, 2000)) await trx('interaction_log_entries').insert(part);
	});
	return performance.now() - started;
}

/** One autocommitted `insert` per row: what a node does that writes item by item. */
export async function rowByRow(db: Knex, rows: readonly NewEntryRow[]) {
	const started = performance.now();
	for (const row of rows) await db('interaction_log_entries').insert(row);
	return performance.now() - started;
}
