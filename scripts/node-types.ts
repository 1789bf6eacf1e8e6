import { CancelInteraction } from '../nodes/CancelInteraction/CancelInteraction.node';
import { InteractionSetup } from '../nodes/InteractionSetup/InteractionSetup.node';
import { PurgeCanceled } from '../nodes/PurgeCanceled/PurgeCanceled.node';
import { QueryLog } from '../nodes/QueryLog/QueryLog.node';
import { RecordInteraction } from '../nodes/RecordInteraction/RecordInteraction.node';
import { nodeTypesOf } from '../test/harness';

export const PACKAGE_NAME = 'n8n-nodes-interaction-log';

/** The nodes the scenario uses, named as n8n names them once the package is installed. */
export const NODE_TYPES = nodeTypesOf(PACKAGE_NAME, [
	InteractionSetup,
	RecordInteraction,
	QueryLog,
	CancelInteraction,
	PurgeCanceled,
]);
