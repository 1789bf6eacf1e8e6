/** Temporary config for developing the harness; delete once test/setup exists. */
module.exports = {
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/test'],
	testMatch: ['**/harness.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
	setupFiles: ['<rootDir>/test/harness/env.ts'],
};
