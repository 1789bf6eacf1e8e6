import { rmSync } from 'node:fs';

import { closeHarness } from '../harness';
import { removeFreshDatabases } from '../support/database';

// Every test file leaves no open pool, PGlite copy, server schema, n8n timer or temp folder behind.
afterAll(async () => {
	await removeFreshDatabases();
	await closeHarness();
	if (process.env.N8N_USER_FOLDER)
		rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
});
