import type { Knex } from 'knex';

import * as createSetupTables from './20261125000001_create_setup_tables';
import * as createContactsAndSegments from './20261125000002_create_contacts_and_segments';
import * as createLogEntries from './20261125000003_create_log_entries';
import * as addLogEntriesOccurredAtIndex from './20261125000030_add_log_entries_occurred_at_index';
import * as createLogRollup from './20261125000031_create_log_rollup';
import * as widenBusinessRelationNumbers from './20261130000301_widen_business_relation_numbers';
import * as createNumberSeries from './20261130000302_create_number_series';
import * as addContactEmailLookup from './20261130000303_add_contact_email_lookup';
import * as appendRollupDeltas from './20261130000201_append_rollup_deltas';
import * as addContactErasure from './20261130000401_add_contact_erasure';
import * as createRetentionPolicies from './20261130000402_create_retention_policies';
import * as addCompanyRollup from './20261130000501_add_company_rollup';
import * as checkLoggedSegmentPerStatement from './20261130000502_check_logged_segment_per_statement';
import * as checkLoggedSegmentInOnePass from './20261201000101_check_logged_segment_in_one_pass';
import * as addCompanyMonths from './20261201000201_add_company_months';

export interface Migration {
	readonly name: string;
	up(knex: Knex): Promise<void>;
	down(knex: Knex): Promise<void>;
}

/** Every migration, oldest first. The order is the array's, not the file system's. */
export const migrations: readonly Migration[] = [
	{ name: '20261125000001_create_setup_tables', ...createSetupTables },
	{ name: '20261125000002_create_contacts_and_segments', ...createContactsAndSegments },
	{ name: '20261125000003_create_log_entries', ...createLogEntries },
	{ name: '20261125000030_add_log_entries_occurred_at_index', ...addLogEntriesOccurredAtIndex },
	{ name: '20261125000031_create_log_rollup', ...createLogRollup },
	{ name: '20261130000301_widen_business_relation_numbers', ...widenBusinessRelationNumbers },
	{ name: '20261130000302_create_number_series', ...createNumberSeries },
	{ name: '20261130000303_add_contact_email_lookup', ...addContactEmailLookup },
	{ name: '20261130000201_append_rollup_deltas', ...appendRollupDeltas },
	{ name: '20261130000401_add_contact_erasure', ...addContactErasure },
	{ name: '20261130000402_create_retention_policies', ...createRetentionPolicies },
	{ name: '20261130000501_add_company_rollup', ...addCompanyRollup },
	{
		name: '20261130000502_check_logged_segment_per_statement',
		...checkLoggedSegmentPerStatement,
	},
	{ name: '20261201000101_check_logged_segment_in_one_pass', ...checkLoggedSegmentInOnePass },
	{ name: '20261201000201_add_company_months', ...addCompanyMonths },
];
