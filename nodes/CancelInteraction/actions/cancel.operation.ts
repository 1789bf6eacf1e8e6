import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelDocument, cancelEntries, cancelLoggedSegment } from '../../../lib/log';
import { updateDisplayOptions } from '../../shared/descriptions';
import { changeTarget, targetFields } from './target';

export const description = updateDisplayOptions({ show: { operation: ['cancel'] } }, targetFields);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	return await changeTarget(this, db, itemIndex, {
		entries: cancelEntries,
		loggedSegment: cancelLoggedSegment,
		document: cancelDocument,
	});
}
