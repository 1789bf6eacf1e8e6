// `npm run test:e2e`: this package inside a real n8n 2.8.4 (REST API, webhooks, the editor in
// Debian's chromium). Never part of `npm test`: it installs n8n on first use (minutes, 2.3 GB).
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/setup/global-setup.ts',
	testTimeout: 300000,
	// One n8n at a time: the machine has two cores.
	maxWorkers: 1,
};
