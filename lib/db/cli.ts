import { DEFAULT_SCHEMA, postgresConfigFromUrl, type ConnectionConfig } from './config';
import { describeConnectionError } from './connection-errors';
import { createKnex } from './connection';
import {
	forceFreeMigrationLock,
	migrateToLatest,
	migrationStatus,
	type MigrationState,
} from './migrate';
import { isInteractionLogError } from '../core';

const USAGE = `Usage: interaction-log migrate [--url postgres://user:pass@host:5432/db] [--dir DIR]
                               [--schema NAME] [--status] [--unlock]

Applies the interaction log's migrations. Without --url it uses the embedded database
(PGlite) in --dir, by default <n8n user folder>/.n8n/interaction-log.
  --status   list the migrations and whether each is applied; change nothing
  --unlock   clear a migration lock left behind by a process that died while migrating`;

interface CliOptions {
	readonly command: string | undefined;
	readonly url?: string;
	readonly dir?: string;
	readonly schema: string;
	readonly status: boolean;
	readonly unlock: boolean;
}

function parseArguments(argv: readonly string[]): CliOptions {
	const [command, ...rest] = argv;
	const values: Record<string, string> = {};
	const flags = new Set<string>();
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		const [name, inline] = arg.split(/=(.*)/s, 2);
		if (name === '--status' || name === '--unlock' || name === '--help') flags.add(name);
		else if (['--url', '--dir', '--schema'].includes(name))
			values[name] = inline ?? rest[++i] ?? '';
		else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
	}
	if (flags.has('--help'))
		return { command: 'help', schema: DEFAULT_SCHEMA, status: false, unlock: false };
	return {
		command,
		url: values['--url'] || process.env.INTERACTION_LOG_DATABASE_URL || undefined,
		dir: values['--dir'],
		schema: values['--schema'] || DEFAULT_SCHEMA,
		status: flags.has('--status'),
		unlock: flags.has('--unlock'),
	};
}

function configOf(options: CliOptions): ConnectionConfig {
	if (options.url) return postgresConfigFromUrl(options.url, { schema: options.schema });
	return {
		kind: 'embedded',
		dataDirectory: options.dir ?? '',
		schema: options.schema,
		autoMigrate: true,
	};
}

function formatStatus(states: readonly MigrationState[]): string {
	return states.map((s) => `${s.applied ? 'applied' : 'pending'}  ${s.name}`).join('\n');
}

/** `interaction-log migrate …`: returns the process exit code. */
export async function runCli(
	argv: readonly string[],
	out: (line: string) => void,
	err: (line: string) => void,
): Promise<number> {
	let options: CliOptions;
	try {
		options = parseArguments(argv);
	} catch (error) {
		err((error as Error).message);
		return 2;
	}
	if (options.command !== 'migrate') {
		(options.command === 'help' ? out : err)(USAGE);
		return options.command === 'help' ? 0 : 2;
	}
	let config: ConnectionConfig;
	try {
		config = configOf(options);
	} catch (error) {
		const known = isInteractionLogError(error) ? error : undefined;
		err(known ? `${known.message}. ${known.details.hint ?? ''}`.trim() : String(error));
		return 2;
	}
	try {
		const db = await createKnex(config);
		try {
			if (options.unlock) {
				await forceFreeMigrationLock(db, config.schema);
				out(`Cleared the migration lock of schema "${config.schema}".`);
			}
			if (!options.status) {
				const applied = await migrateToLatest(db, config.schema);
				out(
					applied.length
						? `Applied ${applied.length} migration(s) to "${config.schema}":`
						: `Schema "${config.schema}" is up to date.`,
				);
				for (const name of applied) out(`  ${name}`);
			}
			if (options.status) out(formatStatus(await migrationStatus(db, config.schema)));
			return 0;
		} finally {
			await db.destroy();
		}
	} catch (error) {
		const known = isInteractionLogError(error) ? error : describeConnectionError(error, config);
		err(known ? `${known.message}. ${known.details.hint ?? ''}`.trim() : String(error));
		return 1;
	}
}
