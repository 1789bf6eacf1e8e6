import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as contact from './contact/Contact.resource';
import * as group from './group/Group.resource';
import * as retentionPolicy from './retentionPolicy/RetentionPolicy.resource';
import * as segment from './segment/Segment.resource';
import * as template from './template/Template.resource';
import * as templateSetup from './templateSetup/TemplateSetup.resource';

/** Dispatches to `<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route(this, ['resource', 'operation'], {
		contact,
		group,
		retentionPolicy,
		segment,
		template,
		templateSetup,
	});
}
