import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Where the interaction log lives. "Embedded" needs no server (PGlite, one n8n process);
 * "PostgreSQL" serves several processes, e.g. queue-mode workers.
 */
export class InteractionLogDatabaseApi implements ICredentialType {
	name = 'interactionLogDatabaseApi';

	displayName = 'Interaction Log Database';

	icon: Icon = {
		light: 'file:../icons/interactionLog.svg',
		dark: 'file:../icons/interactionLog.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-interaction-log/n8n-nodes-interaction-log#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Embedded (No Server)',
					value: 'embedded',
					description: 'An embedded PostgreSQL (PGlite) in a folder, for a single n8n process',
				},
				{
					name: 'PostgreSQL',
					value: 'postgres',
					description: 'A PostgreSQL server, shared by every n8n process (queue mode)',
				},
			],
			default: 'embedded',
		},
		{
			displayName: 'Data Directory',
			name: 'dataDirectory',
			type: 'string',
			default: '',
			placeholder: '~/.n8n/interaction-log',
			description:
				'Folder of the embedded database. Leave empty for "interaction-log" in the n8n user folder. Only one n8n process may open a folder.',
			displayOptions: { show: { mode: ['embedded'] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require', value: 'require' },
			],
			default: 'disable',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the server certificate is self-signed or cannot be verified',
			displayOptions: { show: { mode: ['postgres'], ssl: ['require'] } },
		},
		{
			displayName: 'Max Connections',
			name: 'maxConnections',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				'Connections this n8n process may open. Make sure this value times the number of n8n processes (main, workers, webhook processors) stays below what the server allows.',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Connection Timeout (Seconds)',
			name: 'connectionTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Statement Timeout (Seconds)',
			name: 'statementTimeout',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Longest a single statement may run before the server cancels it (and its transaction is rolled back); 0 for no limit',
			displayOptions: { show: { mode: ['postgres'] } },
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'interaction_log',
			description:
				'PostgreSQL schema that holds the log: lower-case letters, digits and underscores',
		},
		{
			displayName: 'Run Migrations Automatically',
			name: 'autoMigrate',
			type: 'boolean',
			default: true,
			description:
				'Whether to create or upgrade the tables on first use. Turn off when a database administrator runs `npx interaction-log migrate`.',
		},
	];
}
