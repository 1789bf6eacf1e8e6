import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as cancel from './cancel.operation';
import * as restore from './restore.operation';

/** Dispatches to `<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route(this, ['operation'], { cancel, restore });
}
