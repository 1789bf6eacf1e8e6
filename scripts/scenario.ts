// The main job of a fresh checkout (`npm start`): a short scenario through n8n's workflow engine on
// an embedded database (no server), printing what each step did.
import '../test/harness/env';

import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { closeAllDatabases } from '../lib/db';
import { closeHarness, errorOf, INPUT_NODE_TYPE, outputOf, runWorkflow } from '../test/harness';
import { NODE_TYPES, PACKAGE_NAME } from './node-types';
import { steps, type ScenarioStep } from './scenario-steps';

const DATA_DIRECTORY = join(__dirname, '..', '..', '.data', 'scenario');

const credential = {
	mode: 'embedded',
	dataDirectory: DATA_DIRECTORY,
	schema: 'interaction_log',
	autoMigrate: true,
};

function workflowOf(step: ScenarioStep) {
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(step.items ?? [{}]) },
		},
		{
			id: 'step',
			name: step.node.displayName,
			type: `${PACKAGE_NAME}.${step.node.type}`,
			typeVersion: 1,
			position: [200, 0],
			parameters: step.parameters,
			...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections = {
		Input: { main: [[{ node: step.node.displayName, type: 'main' as const, index: 0 }]] },
	};
	return { nodes, connections };
}

/** Long values (reasons, error descriptions) are cut so every line stays short. */
const MAX_VALUE_LENGTH = 60;

function formatRow(json: IDataObject, columns: readonly string[]): string {
	return columns
		.map((column) => {
			const value = json[column];
			if (value === undefined) return '';
			const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
			return `${column}=${text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text}`;
		})
		.filter(Boolean)
		.join('  ');
}

async function main() {
	rmSync(DATA_DIRECTORY, { recursive: true, force: true });
	console.log(`Interaction log scenario on an embedded database in ${DATA_DIRECTORY}\n`);
	for (const [index, step] of steps.entries()) {
		const run = await runWorkflow(workflowOf(step), {
			nodeTypes: NODE_TYPES,
			credentials: { interactionLogDatabaseApi: credential },
			timezone: 'Europe/Berlin',
		});
		const error = errorOf(run);
		if (error) throw new Error(`Step ${index + 1} (${step.title}) failed: ${error.message}`);
		const items = outputOf(run, step.node.displayName);
		console.log(`${index + 1}. ${step.title}  [${step.node.displayName}: ${items.length} item(s)]`);
		for (const item of items.slice(0, step.show ?? 10)) {
			console.log(`     ${formatRow(item.json, step.columns)}`);
		}
		if (items.length > (step.show ?? 10))
			console.log(`     … ${items.length - (step.show ?? 10)} more`);
	}
	console.log("\nDone: every step ran through n8n-core WorkflowExecute with this package's nodes.");
}

main()
	.catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	})
	.finally(async () => {
		await closeAllDatabases();
		await closeHarness();
		if (process.env.N8N_USER_FOLDER)
			rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	});
