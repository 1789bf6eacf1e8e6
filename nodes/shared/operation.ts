import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { databaseOf } from './connection';
import { failedItem, mapItems, type ItemResult } from './items';

/** An operation that handles one input item at a time. */
export interface ItemOperation {
	readonly description: INodeProperties[];
	execute(this: IExecuteFunctions, db: Knex, itemIndex: number): Promise<ItemResult>;
}

/** An operation that takes every input item in one go (set-based writes). */
export interface BatchOperation {
	readonly description: INodeProperties[];
	executeAll(this: IExecuteFunctions, db: Knex): Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | BatchOperation;

/**
 * Opens the credential's database and runs `operation` on the input. When the database cannot be
 * opened, every item fails with that reason (as error items under continueOnFail).
 */
export async function runOperation(
	context: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[]> {
	let db: Knex;
	try {
		db = await databaseOf(context);
	} catch (error) {
		return context.getInputData().map((_item, itemIndex) => failedItem(context, error, itemIndex));
	}
	if ('executeAll' in operation) return await operation.executeAll.call(context, db);
	return await mapItems(
		context,
		async (itemIndex) => await operation.execute.call(context, db, itemIndex),
	);
}
