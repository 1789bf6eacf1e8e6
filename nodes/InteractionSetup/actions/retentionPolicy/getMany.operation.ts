import type { Knex } from 'knex';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listRetentionPolicies } from '../../../../lib/privacy';

export const description: INodeProperties[] = [];

/** One item per policy, templates first. */
export async function execute(this: IExecuteFunctions, db: Knex) {
	return (await listRetentionPolicies(db)).map((policy) => ({ ...policy }));
}
