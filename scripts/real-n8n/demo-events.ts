// What `npm run demo -- --once` posts to the webhook examples, as the billing system would: three
// invoices sent two days ago (one to a customer the log does not know yet), one of them delivered
// twice, one event without an invoice number, and later one invoice voided.
import { DateTime } from 'luxon';

/** A local time `daysAgo` days back at `hour`, without offset: read in the workflow's time zone. */
function localTime(zone: string, daysAgo: number, hour: number): string {
	return DateTime.now()
		.setZone(zone)
		.minus({ days: daysAgo })
		.set({ hour, minute: 30, second: 0, millisecond: 0 })
		.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

export function invoiceSentEvents(zone: string) {
	const sentAt = localTime(zone, 2, 14);
	const invoice = (
		eventId: string,
		invoiceNo: string,
		customerNo: string,
		customerName: string,
	) => ({
		eventId,
		invoiceNo,
		customerNo,
		customerName,
		customerEmail: `billing@${customerName.split(' ')[0].toLowerCase()}.example`,
		sentAt,
		salesperson: 'JO',
	});
	const first = invoice('evt_1001', 'INV-1001', 'C10000', 'Adatum Corporation');
	return {
		first,
		second: invoice('evt_1002', 'INV-1002', 'C20000', 'Fabrikam Inc.'),
		newCustomer: invoice('evt_1003', 'INV-1003', 'C30000', 'Northwind Traders'),
		/** The billing system delivers the first event again (a retry): logged once. */
		repeated: first,
		/** No invoice number: the run fails with an error naming the field. */
		malformed: { eventId: 'evt_1004', customerNo: 'C10000', sentAt },
	};
}

/** Request bodies per example file, posted in this order once the workflow is published. */
export function demoWebhookEvents(zone: string): Readonly<Record<string, readonly unknown[]>> {
	const invoices = invoiceSentEvents(zone);
	return {
		'invoice-sent-webhook.json': [
			invoices.first,
			invoices.second,
			invoices.newCustomer,
			invoices.repeated,
			invoices.malformed,
		],
		'cancel-voided-invoice.json': [{ invoiceNo: 'INV-1002', voidedBy: 'jane@example.com' }],
	};
}
