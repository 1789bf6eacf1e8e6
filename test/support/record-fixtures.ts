import type { Knex } from 'knex';

import { upsertContacts } from '../../lib/contacts';
import { createGroup } from '../../lib/setup';
import { setTemplateSetupSlot } from '../../lib/setup';
import { createTemplate } from '../../lib/setup';

/**
 * The setup most recording tests start from: groups PHONE and SALES; templates OUTCALL (hard
 * copy, 1.50 and 10 minutes) and SINV (set up for sales invoices); company CT100 (customer
 * C10000), its person CT200 (e-mail preference, salesperson JO) and the privacy-blocked CT300.
 */
export async function seedRecordingSetup(db: Knex): Promise<void> {
	await createGroup(db, { code: 'PHONE', description: 'Phone calls' });
	await createGroup(db, { code: 'SALES', description: 'Sales documents' });
	await createTemplate(db, {
		code: 'OUTCALL',
		groupCode: 'PHONE',
		description: 'Outgoing call',
		unitCost: 1.5,
		unitDurationMin: 10,
		informationFlow: 'outbound',
		initiatedBy: 'us',
		correspondenceType: 'hard_copy',
		campaignNo: 'CP1001',
		campaignTarget: true,
	});
	await createTemplate(db, {
		code: 'SINV',
		groupCode: 'SALES',
		description: 'Sales invoice',
		unitCost: 0.8,
		informationFlow: 'outbound',
		initiatedBy: 'us',
	});
	await setTemplateSetupSlot(db, { kind: 'sales_invoice', templateCode: 'SINV' });
	await upsertContacts(db, [
		{
			contactNo: 'CT100',
			name: 'Adatum',
			businessRelations: [{ relation: 'customer', externalNo: 'C10000' }],
		},
		{
			contactNo: 'CT200',
			companyNo: 'CT100',
			name: 'Ann Lee',
			email: 'ann@adatum.example',
			correspondenceType: 'email',
			salespersonCode: 'JO',
		},
		{ contactNo: 'CT300', name: 'Hidden Ltd', privacyBlocked: true, salespersonCode: 'JO' },
	]);
}

/** Row counts of the tables recording writes. */
export async function recordedCounts(db: Knex) {
	const count = async (table: string) =>
		Number((await db(table).count<{ count: string }[]>('* as count'))[0].count);
	return {
		entries: await count('interaction_log_entries'),
		events: await count('interaction_log_events'),
		comments: await count('interaction_log_comments'),
		loggedSegments: await count('logged_segments'),
	};
}
