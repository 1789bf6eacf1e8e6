import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as contactSummary from './contactSummary.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as statistics from './statistics.operation';

/** Dispatches to `<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route(this, ['operation'], { contactSummary, get, getMany, statistics });
}
