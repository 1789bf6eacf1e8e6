import { mkdtempSync, rmSync } from 'node:fs';
import { reachableServer } from './server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Knex } from 'knex';

import { appendAll, sqlArray } from '../lib/core';
import { upsertContacts, type ContactInput } from '../lib/contacts';
import { postgresConfigFromUrl, type ConnectionConfig } from '../lib/db';
import { closeAllDatabases, getDatabase } from '../lib/db';

// What the Interaction Setup node's Contact → Create or Update does with all its items: one
// `upsertContacts` call. Baseline: the same rows written by hand-written set-based SQL (one
// `insert … select from unnest … on conflict` for contacts, one for relations), no validation.

const SIZES = [1_000, 10_000];
const RUNS = 3;

function contactsOf(count: number): ContactInput[] {
	const companies = Math.ceil(count / 5);
	return Array.from({ length: count }, (_, i) =>
		i < companies
			? {
					contactNo: `CO${i}`,
					name: `Company ${i}`,
					email: `info${i}@example.com`,
					businessRelations: [{ relation: 'customer', externalNo: `C${i}` }],
				}
			: {
					contactNo: `PE${i}`,
					type: 'person',
					companyNo: `CO${i % companies}`,
					name: `Person ${i}`,
					email: `p${i}@example.com`,
				},
	);
}

async function rawSql(db: Knex, contacts: readonly ContactInput[]): Promise<void> {
	const column = (read: (c: ContactInput) => unknown) =>
		sqlArray(contacts.map((c) => (read(c) ?? null) as string | null));
	await db.transaction(async (trx) => {
		// Companies first, as the library does, for the company foreign key.
		await trx.raw(
			`insert into contacts (contact_no, type, company_no, name, email)
			select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
			on conflict (contact_no) do update set type = excluded.type, company_no = excluded.company_no,
				name = excluded.name, email = excluded.email, updated_at = now()`,
			[
				column((c) => c.contactNo),
				column((c) => c.type ?? 'company'),
				column((c) => c.companyNo ?? c.contactNo),
				column((c) => c.name),
				column((c) => c.email),
			],
		);
		const related = contacts.filter((c) => c.businessRelations);
		await trx.raw('delete from contact_business_relations where contact_no = any(?::text[])', [
			sqlArray(related.map((c) => c.contactNo as string)),
		]);
		await trx.raw(
			`insert into contact_business_relations (relation, external_no, contact_no)
			select 'customer', * from unnest(?::text[], ?::text[])`,
			[
				sqlArray(related.map((c) => `C${String(c.contactNo).slice(2)}`)),
				sqlArray(related.map((c) => c.contactNo as string)),
			],
		);
	});
}

async function median(work: () => Promise<void>, reset: () => Promise<void>): Promise<number> {
	const times: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await reset();
		const start = performance.now();
		await work();
		times.push(performance.now() - start);
	}
	return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function benchBackend(label: string, config: ConnectionConfig): Promise<string[]> {
	const db = await getDatabase(config);
	const empty = async () => {
		await db.raw('truncate contact_business_relations, contacts cascade');
		await db('number_series').where({ code: 'contact' }).update({ last_no: 0 });
	};
	const noop = async () => {};
	const lines: string[] = [];
	for (const size of SIZES) {
		const contacts = contactsOf(size);
		const baseline = await median(() => rawSql(db, contacts), empty);
		const create = await median(async () => void (await upsertContacts(db, contacts)), empty);
		// The rows exist from the last run: every contact is an update now.
		const update = await median(async () => void (await upsertContacts(db, contacts)), noop);
		// No numbers given: each contact is looked up by its relations, then numbered from the series.
		const unnumbered = contacts.map((c) => ({
			...c,
			contactNo: undefined,
			companyNo: undefined,
			type: undefined,
			businessRelations: [
				{ relation: 'shop', externalNo: `gid://shop/Customer/${String(c.contactNo)}` },
			],
		}));
		const series = await median(async () => void (await upsertContacts(db, unnumbered)), empty);
		const row = (what: string, ms: number) =>
			`| ${label} | ${size.toLocaleString('en')} | ${what} | ${ms.toFixed(0)} | ${(ms / baseline).toFixed(2)} |`;
		lines.push(
			row('raw SQL (baseline)', baseline),
			row('upsertContacts, new', create),
			row('upsertContacts, existing', update),
			row('upsertContacts, numbered from the series', series),
		);
	}
	return lines;
}

/** Prints the table; runs PostgreSQL too when INTERACTION_LOG_BENCH_PG_URL (or the test URL) is set. */
export async function run(): Promise<void> {
	const directory = mkdtempSync(join(tmpdir(), 'interaction-log-bench-'));
	const given = process.env.INTERACTION_LOG_BENCH_PG_URL ?? process.env.INTERACTION_LOG_TEST_PG_URL;
	const url = given === undefined ? undefined : await reachableServer(given, 'contact-upsert');
	const schema = `bench_contacts_${process.pid}`;
	const lines = [
		'| backend | contacts | what | ms (median of 3) | × baseline |',
		'|---|---:|---|---:|---:|',
	];
	try {
		lines.push(
			...(await benchBackend('pglite', {
				kind: 'embedded',
				dataDirectory: directory,
				schema,
				autoMigrate: true,
			})),
		);
		if (url) {
			const config = postgresConfigFromUrl(url, { schema });
			try {
				appendAll(lines, await benchBackend('postgres', config));
			} finally {
				await (await getDatabase(config)).raw('drop schema if exists ?? cascade', [schema]);
			}
		}
	} finally {
		await closeAllDatabases();
		rmSync(directory, { recursive: true, force: true });
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}
