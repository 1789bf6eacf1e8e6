import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as applyToItems from './applyToItems.operation';
import * as assignToSegment from './assignToSegment.operation';

/** Dispatches to `<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route(this, ['operation'], { applyToItems, assignToSegment });
}
