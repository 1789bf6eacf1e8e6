import { readdirSync } from 'node:fs';

import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import { closeAllDatabases } from '../../lib/db';
import { interactionLogConnectionTest, runsInQueueMode } from '../../nodes/shared/connection';
import { BACKENDS } from '../support/backends';
import { freshConfig } from '../support/database';
import { byCode, credentialOf, runNode } from '../support/workflow';

const queryEntries = { operation: 'getMany', returnAll: false, limit: 5 };
const recordCall = {
	target: 'contact',
	contactNo: byCode('CT100'),
	templateCode: byCode('OUTCALL'),
};

/** Runs `work` as a process of an n8n in queue mode (EXECUTIONS_MODE=queue), then restores it. */
async function inQueueMode<T>(work: () => Promise<T>): Promise<T> {
	const before = process.env.EXECUTIONS_MODE;
	process.env.EXECUTIONS_MODE = 'queue';
	try {
		return await work();
	} finally {
		if (before === undefined) delete process.env.EXECUTIONS_MODE;
		else process.env.EXECUTIONS_MODE = before;
	}
}

const credentialTest = (data: ICredentialDataDecryptedObject) =>
	interactionLogConnectionTest.call({} as ICredentialTestFunctions, {
		id: '1',
		name: 'Interaction Log Database',
		type: 'interactionLogDatabaseApi',
		data,
	});

describe('runsInQueueMode', () => {
	it.each([
		[{ EXECUTIONS_MODE: 'queue' }, true],
		[{ EXECUTIONS_MODE: ' Queue ' }, true],
		[{ EXECUTIONS_MODE: 'regular' }, false],
		[{}, false],
	])('reads EXECUTIONS_MODE %j as %s', (env, expected) => {
		expect(runsInQueueMode(env, ['node', '/usr/local/bin/n8n', 'start'])).toBe(expected);
	});

	it.each([
		[['node', '/opt/n8n/node_modules/n8n/bin/n8n', 'worker', '--concurrency=10'], true],
		[['node', '/usr/local/bin/n8n', 'webhook'], true],
		[['node', '/usr/local/bin/n8n', 'start'], false],
		[['node', '/work/jest.js', 'worker'], false],
	])(
		'takes %j for queue mode: %s (n8n worker is in queue mode without the variable)',
		(argv, expected) => {
			expect(runsInQueueMode({}, argv)).toBe(expected);
		},
	);
});

describe("pglite: an embedded credential in n8n's queue mode", () => {
	afterEach(async () => await closeAllDatabases());

	it('fails every item with an error naming queue mode and the fix, and opens no store', async () => {
		const config = freshConfig('pglite');
		if (config.kind !== 'embedded') throw new Error('expected an embedded config');
		const filesBefore = readdirSync(config.dataDirectory).sort();
		const { items } = await inQueueMode(() =>
			runNode(config, 'recordInteraction', recordCall, {
				items: [{}, {}],
				continueOnFail: true,
			}),
		);
		expect(items.map((item) => item.json)).toEqual(
			[0, 1].map(() => ({
				error: "The embedded database cannot be used in n8n's queue mode",
				description: expect.stringMatching(/Field: mode\. .*Mode to "PostgreSQL"/),
				errorCode: 'CONFIGURATION',
				errorField: 'mode',
			})),
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Nothing opened: no lock file or new files in the data directory.
		expect(readdirSync(config.dataDirectory).sort()).toEqual(filesBefore);
	});

	it('stops the workflow with that error when the node does not continue on fail', async () => {
		const { error } = await inQueueMode(() =>
			runNode(freshConfig('pglite'), 'queryLog', queryEntries),
		);
		expect(error?.message).toBe("The embedded database cannot be used in n8n's queue mode");
	});

	it('fails the credential test with the reason, and passes it outside queue mode', async () => {
		const data = credentialOf(freshConfig('pglite')) as ICredentialDataDecryptedObject;
		expect(await inQueueMode(() => credentialTest(data))).toEqual({
			status: 'Error',
			message: expect.stringMatching(/queue mode\. .*PostgreSQL/),
		});
		expect(await credentialTest(data)).toEqual({
			status: 'OK',
			message: expect.stringContaining('Connected'),
		});
	});
});

describe.each(BACKENDS.filter((backend) => backend === 'postgres'))(
	"%s: a server credential in n8n's queue mode",
	(backend) => {
		afterEach(async () => await closeAllDatabases());

		it('works as outside queue mode', async () => {
			const config = freshConfig(backend);
			const { error, items } = await inQueueMode(() => runNode(config, 'queryLog', queryEntries));
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
		});
	},
);
