// Must run before n8n-core loads: its DI container needs reflect-metadata, and InstanceSettings
// writes `<N8N_USER_FOLDER>/.n8n/config`, which belongs in a throwaway folder, not $HOME.
// test/setup/env.ts does the same for the whole suite; `??=` keeps the folder it chose.
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
