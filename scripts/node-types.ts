import { InteractionSetup } from '../nodes/InteractionSetup/InteractionSetup.node';
import { nodeTypesOf } from '../test/harness';

export const PACKAGE_NAME = 'n8n-nodes-interaction-log';

/** The nodes the scenario uses, named as n8n names them once the package is installed. */
export const NODE_TYPES = nodeTypesOf(PACKAGE_NAME, [InteractionSetup]);
