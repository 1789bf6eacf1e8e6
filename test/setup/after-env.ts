import { removeFreshDatabases } from '../support/database';

// Every test file leaves no open pool, PGlite copy or server schema behind.
afterAll(async () => await removeFreshDatabases());
