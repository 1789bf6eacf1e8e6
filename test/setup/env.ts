// Runs before any test module: n8n-core's DI needs reflect-metadata loaded first, and its
// InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config`, so point that at a temp folder.
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'interaction-log-n8n-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.env.N8N_RESTRICT_FILE_ACCESS_TO = '';
