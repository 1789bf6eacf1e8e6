import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { PGLITE_TEMPLATE_DIR } from '../support/backends';

/** Creates the PGlite template directory once; later runs reuse it. */
export default async function globalSetup() {
	if (existsSync(`${PGLITE_TEMPLATE_DIR}/PG_VERSION`)) return;
	rmSync(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
	mkdirSync(dirname(PGLITE_TEMPLATE_DIR), { recursive: true });
	const pglite = new PGlite(PGLITE_TEMPLATE_DIR);
	await pglite.waitReady;
	await pglite.close();
}
