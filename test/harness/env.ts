// Loaded before n8n-core: InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config` on first use,
// so point it at a throwaway folder instead of the developer's home directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
