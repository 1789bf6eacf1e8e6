import type { Knex } from 'knex';

/**
 * What is personal in this schema, decided once, here: in the tables that hold a contact's data,
 * every text or JSON column is personal unless it is listed below. A column added later (a second
 * e-mail, a note) is therefore erased and exported without anyone remembering to list it.
 *
 * Kept (not personal): numbers and codes of this system (template, group, salesperson, campaign,
 * segment, opportunity), choices (flow, initiator, correspondence type, evaluation), the
 * document kind, the time zone, and who recorded or canceled (our own users, not the contact).
 * The contact numbers are kept too, but replaced by the pseudonym.
 */
export const NON_PERSONAL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
	contacts: ['contact_no', 'type', 'company_no', 'correspondence_type', 'salesperson_code'],
	interaction_log_entries: [
		'contact_no',
		'contact_company_no',
		'time_zone',
		'template_code',
		'group_code',
		'information_flow',
		'initiated_by',
		'correspondence_type',
		'evaluation',
		'document_kind',
		'segment_no',
		'salesperson_code',
		'campaign_no',
		'opportunity_no',
		'language_code',
		'canceled_by',
		'recorded_by',
	],
	interaction_log_events: ['event_type', 'actor', 'contact_no'],
};

/**
 * In the tables that point at a contact (business relations, segment lines, …) their rows are
 * deleted on erasure; of their texts, these codes are not personal, every other one (an external
 * number, a line's subject) is searched for in the audit.
 */
export const NON_PERSONAL_IN_REFERENCES =
	/_code$|^segment_no$|^relation$|^correspondence_type$|^evaluation$/;

export interface TextColumn {
	readonly table: string;
	readonly column: string;
	readonly isJson: boolean;
	readonly nullable: boolean;
	/** The column's default as SQL, when it has one. */
	readonly defaultSql: string | null;
}

interface ColumnRow {
	table_name: string;
	column_name: string;
	data_type: string;
	is_nullable: 'YES' | 'NO';
	column_default: string | null;
}

const TEXT_TYPES = ['character varying', 'character', 'text', 'json', 'jsonb'];

/**
 * Every text and JSON column of the schema's tables (the schema of the connection's search path),
 * generated columns left out (they follow their sources). From `information_schema`, so columns
 * added by later migrations are included.
 */
export async function listTextColumns(db: Knex | Knex.Transaction): Promise<TextColumn[]> {
	const { rows } = await db.raw<{ rows: ColumnRow[] }>(
		`select c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
		from information_schema.columns c
		join information_schema.tables t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
			and c.data_type = any(?::text[]) and c.is_generated = 'NEVER'
		order by c.table_name, c.ordinal_position`,
		[TEXT_TYPES],
	);
	return rows.map((row) => ({
		table: row.table_name,
		column: row.column_name,
		isJson: row.data_type === 'json' || row.data_type === 'jsonb',
		nullable: row.is_nullable === 'YES',
		defaultSql: row.column_default,
	}));
}

/** The personal columns of `table`: its text and JSON columns not listed as kept. */
export function personalColumns(columns: readonly TextColumn[], table: string): TextColumn[] {
	const kept = new Set(NON_PERSONAL_COLUMNS[table] ?? []);
	return columns.filter((c) => c.table === table && !kept.has(c.column));
}

/** `"name"`, quoted for SQL. */
export function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/** What an erased value becomes: null where allowed, else the column's default, else ''. */
export function blankSql(column: TextColumn): string {
	if (column.nullable) return 'null';
	return column.defaultSql ?? "''";
}

/** The tables (and columns) whose foreign keys point at a contact: its own rows there. */
export async function listContactReferences(
	db: Knex | Knex.Transaction,
): Promise<{ table: string; column: string }[]> {
	const { rows } = await db.raw<{ rows: { table_name: string; column_name: string }[] }>(
		`select cl.relname as table_name, a.attname as column_name
		from pg_constraint c
		join pg_class cl on cl.oid = c.conrelid
		join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
		where c.contype = 'f' and c.confrelid = 'contacts'::regclass and c.conrelid <> c.confrelid
		order by 1, 2`,
	);
	return rows.map((row) => ({ table: row.table_name, column: row.column_name }));
}
