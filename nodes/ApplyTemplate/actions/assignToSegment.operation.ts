import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { assignTemplateToSegment } from '../../../lib/segments';
import { segmentRLC, templateRLC, updateDisplayOptions } from '../../shared/descriptions';

export const description = updateDisplayOptions({ show: { operation: ['assignToSegment'] } }, [
	{ ...segmentRLC, description: 'The segment to give the template' },
	{
		...templateRLC,
		description:
			"The template whose defaults (group, cost, duration, direction, initiator, campaign flags, correspondence type, language) are copied onto the segment. Lines with a template of their own keep it; the others inherit the new one. The segment's description is kept unless it is empty.",
	},
]);

/**
 * Business Central's "Interaction Template Code" validation on a segment header
 * (docs/domain.md#s6-1).
 */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const { segment, linesUpdated } = await assignTemplateToSegment(db, {
		segmentNo: this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true }),
		templateCode: this.getNodeParameter('templateCode', itemIndex, '', { extractValue: true }),
	});
	return { ...segment, linesUpdated };
}
