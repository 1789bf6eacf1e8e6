import type { Knex } from 'knex';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entriesCsv, exportContact } from '../../../../lib/privacy';
import { contactRLC, updateDisplayOptions } from '../../../shared/descriptions';
import { FullItem } from '../../../shared/items';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['export'] } },
	[
		{
			...contactRLC,
			description:
				'The contact whose data to export (right of access): the contact, its relations and segment lines, its entries (canceled too) with comments and audit, and the audit of its purged entries',
		},
		{
			displayName: 'Attach Files',
			name: 'attachFiles',
			type: 'boolean',
			default: false,
			description:
				'Whether to attach the export as files too: the whole document as JSON (binary property "export") and its entries as CSV ("entries"), e.g. to send to the person',
		},
	],
);

/** One item per contact: the document as JSON, and as files when asked. */
export async function execute(this: IExecuteFunctions, db: Knex, itemIndex: number) {
	const document = await exportContact(
		db,
		this.getNodeParameter('contactNo', itemIndex, '', { extractValue: true }),
	);
	const json = JSON.parse(JSON.stringify(document)) as IDataObject;
	if (!this.getNodeParameter('attachFiles', itemIndex, false)) return json;
	const name = `contact-${document.contactNo}`;
	return new FullItem({
		json,
		binary: {
			export: await this.helpers.prepareBinaryData(
				Buffer.from(JSON.stringify(document, null, 2), 'utf8'),
				`${name}.json`,
				'application/json',
			),
			entries: await this.helpers.prepareBinaryData(
				Buffer.from(entriesCsv(document.entries), 'utf8'),
				`${name}-entries.csv`,
				'text/csv',
			),
		},
	});
}
