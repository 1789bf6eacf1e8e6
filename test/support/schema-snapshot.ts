import type { Knex } from 'knex';

/**
 * The schema as the catalog describes it: tables with their columns, constraints, indexes and
 * triggers, then the functions and sequences, one line each, the schema's name written `<schema>`.
 * It is what the migrations made, read back, so two backends (or up, down and up again) compare
 * as text.
 */
export async function readSchemaSnapshot(db: Knex, schema: string): Promise<string> {
	const rows = async (sql: string) =>
		(await db.raw(sql, [schema])).rows as Record<string, string>[];
	const tables = await rows(`
		select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = ? and c.relkind in ('r', 'p') and c.relname not like 'knex_migrations%'
		order by 1`);
	const columns = await rows(`
		select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
		       a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default,
		       a.attidentity as identity, a.attgenerated as generated
		from pg_attribute a
		join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
		left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
		where n.nspname = ? and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
		order by c.relname, a.attnum`);
	const constraints = await rows(`
		select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
		from pg_constraint k join pg_class c on c.oid = k.conrelid
		join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = ? and k.contype <> 'n' order by c.relname, k.conname`);
	// (PostgreSQL 18, as in PGlite, lists NOT NULL as constraints too: the columns say it already.)
	const indexes = await rows(`
		select tablename as table, indexname as name, indexdef as def from pg_indexes
		where schemaname = ? order by tablename, indexname`);
	const triggers = await rows(`
		select c.relname as table, t.tgname as name, pg_get_triggerdef(t.oid) as def
		from pg_trigger t join pg_class c on c.oid = t.tgrelid
		join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = ? and not t.tgisinternal order by c.relname, t.tgname`);
	const functions = await rows(`
		select p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
		       pg_get_function_result(p.oid) as result, l.lanname as language, p.prosrc as source
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		join pg_language l on l.oid = p.prolang
		where n.nspname = ? order by p.proname, 2`);
	const sequences = await rows(`
		select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = ? and c.relkind = 'S' order by 1`);

	const lines: string[] = [];
	const of = (list: Record<string, string>[], table: string) =>
		list.filter((row) => row.table === table);
	for (const { name: table } of tables) {
		lines.push(`table ${table}`);
		for (const c of of(columns, table)) {
			const parts = [`  column ${c.name} ${c.type}`];
			if (c.not_null) parts.push('not null');
			if (c.identity) parts.push(`identity ${c.identity === 'a' ? 'always' : 'by default'}`);
			if (c.generated) parts.push(`generated ${c.default}`);
			else if (c.default !== null && !c.identity) parts.push(`default ${c.default}`);
			lines.push(parts.join(' '));
		}
		for (const k of of(constraints, table)) lines.push(`  constraint ${k.name} ${k.def}`);
		for (const i of of(indexes, table)) lines.push(`  index ${i.def}`);
		for (const t of of(triggers, table)) lines.push(`  trigger ${t.def}`);
	}
	for (const f of functions) {
		lines.push(`function ${f.name}(${f.args}) returns ${f.result} language ${f.language}`);
		for (const line of f.source.trim().split('\n')) lines.push(`  | ${line.trimEnd()}`);
	}
	for (const s of sequences) lines.push(`sequence ${s.name}`);
	return `${lines.join('\n').split(schema).join('<schema>')}\n`;
}
