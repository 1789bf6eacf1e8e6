import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { INodeParameters } from 'n8n-workflow';

import { upsertContacts } from '../lib/contacts';
import { createGroup } from '../lib/setup';
import { buildInteractionDraft, loadDraftSources } from '../lib/record';
import type { NewEntryRow } from '../lib/db';
import { toNewEntryRow } from '../lib/record';
import { setTemplateSetupSlot } from '../lib/setup';
import { createTemplate } from '../lib/setup';

export const TIME_ZONE = 'Europe/Berlin';
export const RECORDED_BY = 'bench';
const CUSTOMERS = 1000;

/** A document event as a webhook would deliver it. */
export interface InvoiceEvent {
	readonly invoiceNo: string;
	readonly customerNo: string;
	readonly at: string;
}

const customerNo = (i: number) => `C${String(i).padStart(5, '0')}`;
const contactNo = (i: number) => `CT${String(i).padStart(6, '0')}`;

/** The template SINV set up for sales invoices, and 1,000 companies with a customer number. */
export async function seedInvoiceSetup(db: Knex): Promise<void> {
	await createGroup(db, { code: 'SALES', description: 'Sales documents' });
	await createTemplate(db, {
		code: 'SINV',
		groupCode: 'SALES',
		description: 'Sales invoice',
		unitCost: 0.8,
		informationFlow: 'outbound',
		initiatedBy: 'us',
		correspondenceType: 'email',
	});
	await setTemplateSetupSlot(db, { kind: 'sales_invoice', templateCode: 'SINV' });
	await upsertContacts(
		db,
		Array.from({ length: CUSTOMERS }, (_c, i) => ({
			contactNo: contactNo(i + 1),
			name: `Customer ${i + 1}`,
			email: `billing${i + 1}@example.com`,
			salespersonCode: 'JO',
			businessRelations: [{ relation: 'customer', externalNo: customerNo(i + 1) }],
		})),
	);
}

export const autoMapParameters: INodeParameters = {
	target: 'documentEvent',
	inputMode: 'autoMap',
	options: { recordedBy: RECORDED_BY },
};

/** The events as items for Auto-Map Input Fields: named like the entry fields. */
export const autoMapItems = (events: readonly InvoiceEvent[]) =>
	events.map((e) => ({
		documentKind: 'sales_invoice',
		documentNo: e.invoiceNo,
		relation: 'customer',
		externalNo: e.customerNo,
		occurredAt: e.at,
	}));

export function invoiceEvents(count: number): InvoiceEvent[] {
	const start = DateTime.fromISO('2026-11-02T08:00:00', { zone: TIME_ZONE });
	return Array.from({ length: count }, (_e, i) => ({
		invoiceNo: `INV-${String(i + 1).padStart(7, '0')}`,
		customerNo: customerNo((i % CUSTOMERS) + 1),
		at: start.plus({ minutes: i }).toISO()!,
	}));
}

/** The entry rows the node writes for `events`, built by the same library functions. */
export async function entryRowsOf(
	db: Knex,
	events: readonly InvoiceEvent[],
): Promise<NewEntryRow[]> {
	const sources = await loadDraftSources(db, {
		templateCodes: ['SINV'],
		contactNos: Array.from({ length: CUSTOMERS }, (_c, i) => contactNo(i + 1)),
	});
	const template = sources.templates.get('SINV')!;
	return events.map((event) => {
		const contact = sources.contacts.get(contactNo(Number(event.customerNo.slice(1))))!;
		const draft = buildInteractionDraft(
			{ template, contact },
			{ timeZone: TIME_ZONE, occurredAt: event.at },
		);
		return toNewEntryRow(draft, {
			documentKind: 'sales_invoice',
			documentNo: event.invoiceNo,
			recordedBy: RECORDED_BY,
		});
	});
}

/** Empties the log (entries, audit, comments, and any table derived from them) between runs. */
export async function emptyLog(db: Knex): Promise<void> {
	const { rows } = await db.raw<{ rows: { tablename: string }[] }>(
		`select tablename from pg_tables
		where schemaname = current_schema() and tablename like 'interaction_log_%'`,
	);
	await db.raw(
		`truncate ${rows.map(() => '??').join(', ')} restart identity cascade`,
		rows.map((r) => r.tablename),
	);
}

/** `count` contacts in a new segment SEGBENCH with template SINV (one line each). */
export async function seedSegment(db: Knex, count: number): Promise<void> {
	const existing = Number(
		(await db('contacts').where('contact_no', 'like', 'SG%').count<{ c: string }[]>('* as c'))[0].c,
	);
	if (existing < count) {
		await upsertContacts(
			db,
			Array.from({ length: count }, (_c, i) => ({
				contactNo: `SG${String(i + 1).padStart(7, '0')}`,
				name: `Segment contact ${i + 1}`,
				email: `sg${i + 1}@example.com`,
			})),
		);
	}
	await db('segments').insert({ segment_no: 'SEGBENCH', description: 'Benchmark mailing' });
	await db('segments').where({ segment_no: 'SEGBENCH' }).update({
		template_code: 'SINV',
		group_code: 'SALES',
		unit_cost: 0.8,
		information_flow: 'outbound',
		initiated_by: 'us',
		correspondence_type: 'email',
		salesperson_code: 'MK',
	});
	await db.raw(
		`insert into segment_lines (segment_no, line_no, contact_no)
		select 'SEGBENCH', row_number() over (order by contact_no), contact_no
		from contacts where contact_no like 'SG%'`,
	);
	await db.raw('analyze segment_lines');
}
