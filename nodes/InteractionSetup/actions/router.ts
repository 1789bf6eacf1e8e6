import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from '../../shared/operation';
import * as contact from './contact/Contact.resource';
import * as group from './group/Group.resource';
import * as segment from './segment/Segment.resource';
import * as template from './template/Template.resource';
import * as templateSetup from './templateSetup/TemplateSetup.resource';

type Resources = Record<string, Record<string, Operation | unknown>>;

const resources: Resources = { contact, group, segment, template, templateSetup };

function isOperation(candidate: unknown): candidate is Operation {
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		('execute' in candidate || 'executeAll' in candidate)
	);
}

/** Dispatches to `<resource>/<operation>.operation.ts`; resource and operation are fixed per node. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!isOperation(handler)) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for the resource "${resource}"`,
		);
	}
	return [await runOperation(this, handler)];
}
