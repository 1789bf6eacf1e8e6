import type { Knex } from 'knex';

import type {
	ContactType,
	CorrespondenceType,
	Evaluation,
	InformationFlow,
	InitiatedBy,
	LogEventType,
} from '../core';

// Every table of the schema (migrations/): its name, once, and its row as the database returns it,
// once. Write types are derived from the row: an insert must give the columns that are NOT NULL
// without a default and never gives an identity column; nothing is listed again by hand. The
// names are registered with Knex (`knex/types/tables`), so `db(CONTACTS_TABLE)` is a query over
// `ContactRow`: its where-clauses, inserts, updates and results are checked against the columns.
// A new table is declared here.

export const GROUPS_TABLE = 'interaction_groups';
export const TEMPLATES_TABLE = 'interaction_templates';
export const TEMPLATE_SETUP_TABLE = 'interaction_template_setup';
export const CONTACTS_TABLE = 'contacts';
export const BUSINESS_RELATIONS_TABLE = 'contact_business_relations';
export const SEGMENTS_TABLE = 'segments';
export const SEGMENT_LINES_TABLE = 'segment_lines';
export const LOGGED_SEGMENTS_TABLE = 'logged_segments';
export const LOG_ENTRIES_TABLE = 'interaction_log_entries';
export const LOG_COMMENTS_TABLE = 'interaction_log_comments';
export const LOG_EVENTS_TABLE = 'interaction_log_events';
export const ROLLUP_TABLE = 'interaction_log_rollup';
export const CONTACT_ROLLUP_TABLE = 'interaction_log_contact_rollup';
export const NUMBER_SERIES_TABLE = 'number_series';
/** Changes to the sums not folded into them yet: appended by the log's triggers. */
export const ROLLUP_DELTAS_TABLE = 'interaction_log_rollup_deltas';
export const ERASED_KEYS_TABLE = 'erased_contact_keys';
export const RETENTION_POLICIES_TABLE = 'interaction_retention_policies';

export interface GroupRow {
	code: string;
	description: string;
	created_at: Date;
	updated_at: Date;
}

export interface TemplateRow {
	code: string;
	group_code: string;
	description: string;
	unit_cost: number;
	unit_duration_min: number;
	information_flow: InformationFlow | null;
	initiated_by: InitiatedBy | null;
	correspondence_type: CorrespondenceType | null;
	ignore_contact_corres_type: boolean;
	campaign_no: string | null;
	campaign_target: boolean;
	campaign_response: boolean;
	language_code: string | null;
	created_at: Date;
	updated_at: Date;
}

/** The columns of `interaction_templates` a write sets. */
export type TemplateWriteRow = Omit<TemplateRow, 'created_at' | 'updated_at'>;

export interface TemplateSetupRow {
	document_kind: string;
	template_code: string | null;
	is_custom: boolean;
	description: string;
	updated_at: Date;
}

export interface ContactRow {
	contact_no: string;
	type: ContactType;
	company_no: string | null;
	name: string;
	email: string | null;
	phone: string | null;
	/** A company's web site (Business Central's "Home Page"). */
	home_page: string | null;
	correspondence_type: CorrespondenceType | null;
	salesperson_code: string | null;
	privacy_blocked: boolean;
	created_at: Date;
	updated_at: Date;
}

/** The last number taken of a number series (code `contact`: contacts created without one). */
export interface NumberSeriesRow {
	code: string;
	prefix: string;
	width: number;
	/** bigint: pg returns it as text. */
	last_no: string | number;
	updated_at: Date;
}

/** The columns of `contacts` a write sets. */
export type ContactWriteRow = Omit<ContactRow, 'created_at' | 'updated_at'>;

export interface BusinessRelationRow {
	relation: string;
	external_no: string;
	contact_no: string;
}

export interface SegmentRow {
	segment_no: string;
	description: string;
	template_code: string | null;
	group_code: string | null;
	subject: string | null;
	salesperson_code: string | null;
	campaign_no: string | null;
	campaign_target: boolean;
	campaign_response: boolean;
	correspondence_type: CorrespondenceType | null;
	ignore_contact_corres_type: boolean;
	information_flow: InformationFlow | null;
	initiated_by: InitiatedBy | null;
	unit_cost: number;
	unit_duration_min: number;
	language_code: string | null;
	/** `YYYY-MM-DD`: both backends return DATE as text (lib/db/types.ts). */
	interaction_date: string | null;
	created_at: Date;
	updated_at: Date;
}

export interface SegmentLineRow {
	segment_no: string;
	line_no: number;
	contact_no: string;
	template_code: string | null;
	description: string | null;
	subject: string | null;
	salesperson_code: string | null;
	correspondence_type: CorrespondenceType | null;
	cost: number | null;
	duration_min: number | null;
	evaluation: Evaluation | null;
	attempt_failed: boolean;
	created_at: Date;
}

/** One row per segment logged; `entry_no` is the logged segment's number (an identity). */
export interface LoggedSegmentRow {
	entry_no: number;
	segment_no: string;
	description: string;
	entry_count: number;
	idempotency_key: string | null;
	canceled: boolean;
	canceled_at: Date | null;
	canceled_by: string | null;
	created_at: Date;
	created_by: string | null;
}

/** A row of `interaction_log_entries`, as the database returns it. */
export interface LogEntryRow {
	entry_no: number;
	contact_no: string | null;
	contact_company_no: string | null;
	occurred_at: Date;
	time_zone: string;
	template_code: string;
	group_code: string;
	description: string;
	subject: string | null;
	information_flow: InformationFlow | null;
	initiated_by: InitiatedBy | null;
	correspondence_type: CorrespondenceType | null;
	cost: number;
	duration_min: number;
	evaluation: Evaluation | null;
	attempt_failed: boolean;
	postponed: boolean;
	canceled: boolean;
	canceled_at: Date | null;
	canceled_by: string | null;
	document_kind: string | null;
	document_no: string | null;
	version_no: number;
	doc_no_occurrence: number;
	segment_no: string | null;
	logged_segment_entry_no: number | null;
	salesperson_code: string | null;
	campaign_no: string | null;
	campaign_target: boolean;
	campaign_response: boolean;
	opportunity_no: string | null;
	language_code: string | null;
	contact_via: string | null;
	idempotency_key: string | null;
	recorded_by: string | null;
	recorded_at: Date;
}

/**
 * The columns of `interaction_log_entries` a recorded interaction sets: the row without what the
 * database draws (number, recording time), what only cancel and segment logging set, and with
 * `occurred_at` as ISO-8601 text with offset (the rows are bound as JSON).
 */
export type NewEntryRow = Omit<
	LogEntryRow,
	| 'entry_no'
	| 'recorded_at'
	| 'occurred_at'
	| 'postponed'
	| 'canceled'
	| 'canceled_at'
	| 'canceled_by'
	| 'segment_no'
	| 'logged_segment_entry_no'
> & { occurred_at: string };

export interface LogCommentRow {
	entry_no: number;
	line_no: number;
	/** `YYYY-MM-DD` (lib/db/types.ts). */
	comment_date: string;
	comment: string;
}

export interface LogEventRow {
	event_no: number;
	event_type: LogEventType;
	entry_no: number | null;
	logged_segment_entry_no: number | null;
	occurred_at: Date;
	actor: string | null;
	reason: string | null;
	/** jsonb: an object when read, its JSON text when written. */
	details: Record<string, unknown> | null;
	/** The entry's contact when the event was written: finds the history of purged entries. */
	contact_no: string | null;
}

/** SHA-256 (hex) of an erased contact's number (lib/contacts/erased.ts). */
export interface ErasedKeyRow {
	key_hash: string;
}

/** How long the entries of a template or group are kept (lib/privacy/retention.ts). */
export interface RetentionPolicyRow {
	template_code: string | null;
	group_code: string | null;
	keep_months: number;
	scope: 'canceled' | 'all';
	description: string;
	created_at: Date;
	updated_at: Date;
}

/** A row of the maintained sums; dimension and level as in lib/statistics/rollup.ts. */
export interface RollupRow {
	dimension: string;
	bucket_level: string;
	bucket_start: Date;
	dimension_value: string;
	entry_count: number;
	cost_sum: number;
	duration_sum: number;
}

export interface ContactRollupRow {
	bucket_level: string;
	bucket_start: Date;
	contact_no: string;
	contact_company_no: string;
	entry_count: number;
	cost_sum: number;
	duration_sum: number;
}

/** An entry that started (+1) or stopped (-1) counting, not folded into the sums yet. */
export interface RollupDeltaRow {
	delta_no: number;
	sign: number;
	occurred_at: Date;
	template_code: string;
	group_code: string;
	salesperson_code: string | null;
	campaign_no: string | null;
	contact_no: string | null;
	contact_company_no: string | null;
	cost: number;
	duration_min: number;
}

/**
 * A column's value as written: its value, ISO-8601 text for a timestamp, or raw SQL (`now()`).
 * Distributes over unions, so `Date | null` becomes `Date | string | null`.
 */
type WrittenValue<V> = (V extends Date ? V | string : V) | Knex.Raw;
type Written<Row> = { [K in keyof Row]: WrittenValue<Row[K]> };

/**
 * What an insert gives: the `Required` columns (NOT NULL without a default) and any of the rest;
 * identity columns are never given (they are `generated always`).
 */
type Insert<Row, Required extends keyof Row, Identity extends keyof Row = never> = Written<
	Pick<Row, Required>
> &
	Partial<Written<Omit<Row, Required | Identity>>>;

/** Any columns but the identity. */
type Update<Row, Identity extends keyof Row = never> = Partial<Written<Omit<Row, Identity>>>;

/** A table whose writes follow from its row: `Required` and identity columns as above. */
type Table<
	Row,
	Required extends keyof Row,
	Identity extends keyof Row = never,
> = Knex.CompositeTableType<Row, Insert<Row, Required, Identity>, Update<Row, Identity>>;

declare module 'knex/types/tables' {
	interface Tables {
		[GROUPS_TABLE]: Table<GroupRow, 'code'>;
		[TEMPLATES_TABLE]: Table<TemplateRow, 'code' | 'group_code'>;
		[TEMPLATE_SETUP_TABLE]: Table<TemplateSetupRow, 'document_kind'>;
		[CONTACTS_TABLE]: Table<ContactRow, 'contact_no' | 'type'>;
		[BUSINESS_RELATIONS_TABLE]: Table<BusinessRelationRow, keyof BusinessRelationRow>;
		[SEGMENTS_TABLE]: Table<SegmentRow, 'segment_no'>;
		[SEGMENT_LINES_TABLE]: Table<SegmentLineRow, 'segment_no' | 'line_no' | 'contact_no'>;
		[LOGGED_SEGMENTS_TABLE]: Table<LoggedSegmentRow, 'segment_no', 'entry_no'>;
		[LOG_ENTRIES_TABLE]: Table<
			LogEntryRow,
			'occurred_at' | 'template_code' | 'group_code',
			'entry_no'
		>;
		[LOG_COMMENTS_TABLE]: Table<LogCommentRow, 'entry_no' | 'line_no' | 'comment'>;
		// Append-only (no update); details: jsonb, written as its JSON text.
		[LOG_EVENTS_TABLE]: Knex.CompositeTableType<
			LogEventRow,
			Insert<Omit<LogEventRow, 'details'>, 'event_type', 'event_no'> & {
				details?: string | null;
			},
			never
		>;
		// Written by the fold of the deltas (and a rebuild), read by statistics.
		[ROLLUP_TABLE]: Table<RollupRow, keyof RollupRow>;
		[CONTACT_ROLLUP_TABLE]: Table<ContactRollupRow, keyof ContactRollupRow>;
		[NUMBER_SERIES_TABLE]: Table<NumberSeriesRow, 'code' | 'width'>;
		// Appended by the triggers of the log, deleted by the fold.
		[ROLLUP_DELTAS_TABLE]: Table<
			RollupDeltaRow,
			'sign' | 'occurred_at' | 'template_code' | 'group_code' | 'cost' | 'duration_min',
			'delta_no'
		>;
		[ERASED_KEYS_TABLE]: Table<ErasedKeyRow, 'key_hash'>;
		[RETENTION_POLICIES_TABLE]: Table<RetentionPolicyRow, 'keep_months' | 'scope'>;
	}
}
