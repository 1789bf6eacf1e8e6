import type { Knex } from 'knex';
import type { IExecuteFunctions } from 'n8n-workflow';

import { listSegmentLines } from '../../../../lib/segments';
import { getSegment, listEffectiveSegmentLines } from '../../../../lib/segments';
import { segmentRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { readKeysetPages } from '../../../shared/keysetPages';
import { readLimit, returnAllOrLimit } from '../../../shared/paging';

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['getLines'] } },
	[
		segmentRLC,
		...returnAllOrLimit,
		{
			displayName: 'Resolve Inherited Values',
			name: 'resolveInherited',
			type: 'boolean',
			default: false,
			description:
				"Whether to show each line with the values it would be logged with (its own, else the segment's, the template's or the contact's) instead of only the values set on the line",
		},
	],
);

export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const segmentNo = this.getNodeParameter('segmentNo', itemIndex, '', { extractValue: true });
	const limit = readLimit(this, itemIndex);
	if (this.getNodeParameter('resolveInherited', itemIndex, false)) {
		// Names an unknown segment; the effective lines of one would just be empty.
		const segment = await getSegment(db, segmentNo);
		const lines = await listEffectiveSegmentLines(db, segment.segmentNo);
		return lines.slice(0, limit).map((line) => ({ ...line }));
	}
	const lines = await readKeysetPages(
		limit,
		undefined,
		async (pageSize, after) =>
			await listSegmentLines(db, segmentNo, { limit: pageSize, afterLineNo: after }),
		(line) => String(line.lineNo),
	);
	return lines.map((line) => ({ ...line }));
}
