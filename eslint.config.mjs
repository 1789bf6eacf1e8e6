// The rule sets of `n8n-node lint` (non-strict): this package has runtime dependencies (knex, pg,
// PGlite), so it is an unverified, self-hosted package and the no-runtime-dependencies rule is off.
// Everything else (paired items, continueOnFail, itemIndex on errors, password fields, credential
// tests) stays on, because it encodes what n8n expects at run time.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const communityNodes = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default defineConfig(
	globalIgnores([
		'dist',
		'.build',
		'node_modules',
		'coverage',
		'scratch',
		'.n8n-demo',
		'artifacts',
	]),
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json', 'nodes/**/*.node.json'],
		extends: [communityNodes],
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			'no-console': 'error',
		},
	},
	// The layers: lib/ is the domain and knows nothing of n8n or of the nodes; everything outside
	// lib/ uses a lib folder through its index (its public surface), never a file inside it.
	{
		files: ['lib/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(n8n-workflow|n8n-core|@n8n/)',
							message: 'lib/ is plain TypeScript: no n8n.',
						},
						{ regex: '(^|/)(nodes|credentials)(/|$)', message: 'lib/ must not reach into nodes/.' },
						{
							regex: '^\\.\\./[^./][^/]*/.+',
							message: 'Import another lib folder through its index.',
						},
					],
				},
			],
			// Tables are named by the constants of lib/db/tables.ts, which type the query.
			'no-restricted-syntax': [
				'error',
				{
					selector:
						'CallExpression[callee.name=/^(db|trx|knex)$/] > :matches(Literal, TemplateLiteral[expressions.length=0]).arguments:first-child',
					message:
						'Name the table by its constant from lib/db (tables.ts), e.g. db(CONTACTS_TABLE).',
				},
			],
		},
	},
	{
		files: [
			'nodes/**/*.ts',
			'credentials/**/*.ts',
			'test/**/*.ts',
			'bench/**/*.ts',
			'scripts/**/*.ts',
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '(^|/)lib/[^/]+/',
							message: 'Import lib/<folder> (its index.ts), not a file inside it.',
						},
					],
				},
			],
		},
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
	{
		files: ['package.json', 'nodes/**/*.node.json'],
		rules: { ...n8nNodesPlugin.configs.community.rules },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			// The credential is a database, not an HTTP API: "Interaction Log Database" is its name.
			'n8n-nodes-base/cred-class-field-display-name-missing-api': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		languageOptions: {
			globals: {
				require: 'readonly',
				module: 'writable',
				process: 'readonly',
				__dirname: 'readonly',
				console: 'readonly',
				exports: 'writable',
			},
		},
	},
);
