import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getContactNumberSeries } from '../../../../lib/contacts';

export const description: INodeProperties[] = [];

/** The contact number series: prefix, width, the last number taken and the next contact number. */
export async function execute(this: IExecuteFunctions, db: Knex): Promise<IDataObject> {
	return { ...(await getContactNumberSeries(db)) };
}
