import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { restoreDocument, restoreEntries, restoreLoggedSegment } from '../../../lib/log';
import { updateDisplayOptions } from '../../shared/descriptions';
import { changeTarget, targetFields } from './target';

export const description = updateDisplayOptions({ show: { operation: ['restore'] } }, targetFields);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return await changeTarget(this, db, itemIndex, {
		entries: restoreEntries,
		loggedSegment: restoreLoggedSegment,
		document: restoreDocument,
	});
}
