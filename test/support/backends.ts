import { join } from 'node:path';

/** The backends every data-layer test runs on: PGlite always, the server when CI names one. */
export type Backend = 'pglite' | 'postgres';

export const TEST_PG_URL = process.env.INTERACTION_LOG_TEST_PG_URL;

export const BACKENDS: readonly Backend[] = TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * An initialised, empty PGlite directory made once (global setup) and copied by each test file:
 * initialising PGlite takes seconds, copying and reopening far less.
 */
export const PGLITE_TEMPLATE_DIR = join(
	__dirname,
	'..',
	'..',
	'node_modules',
	'.cache',
	'interaction-log-test',
	'pglite-template',
);
