// What `npm run demo -- --once` posts to the webhook examples, as the billing system would: the
// story of a newcomer's run (invoices sent, one repeated, one malformed, one voided later).

/** Request bodies per example file, posted in this order once the workflow is published. */
export const DEMO_WEBHOOK_EVENTS: Readonly<Record<string, readonly unknown[]>> = {
	'cancel-voided-invoice.json': [{ invoiceNo: 'INV-1002', voidedBy: 'jane@example.com' }],
};
