import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as contact from './contact.operation';
import * as documentEvent from './documentEvent.operation';
import * as segment from './segment.operation';

/** Dispatches to the target's `<target>.operation.ts`, which records every input item in one batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route(this, ['target'], { contact, documentEvent, segment });
}
