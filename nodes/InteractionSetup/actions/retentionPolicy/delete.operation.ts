import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteRetentionPolicy } from '../../../../lib/privacy';
import { readTarget, targetFields } from './fields';

export const description = targetFields('delete');

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return { ...(await deleteRetentionPolicy(db, readTarget(this, itemIndex))) };
}
