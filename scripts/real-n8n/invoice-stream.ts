// The "invoice sent" events of a load run, as a billing system would post them to
// examples/invoice-sent-webhook.json: one event per invoice with a unique event id, half of them
// for the customers of the setup example and half for new customers (created on first sight),
// and a share of them delivered a second time with the same event id, some of those while the
// first delivery is still in flight.
import { DateTime } from 'luxon';

export interface InvoiceEvent {
	readonly eventId: string;
	readonly invoiceNo: string;
	readonly customerNo: string;
	readonly customerName: string;
	readonly customerEmail: string;
	readonly sentAt: string;
	readonly salesperson: string;
}

export interface InvoiceStreamOptions {
	/** Unique events (invoices). */
	readonly events: number;
	/** Share of events delivered twice (0.2 = 20%). */
	readonly redeliveredShare: number;
	/** New customers the events are spread over (each created once, however many invoices). */
	readonly newCustomers?: number;
	/** The workflow's time zone: `sentAt` carries no offset. */
	readonly zone: string;
	/** Makes the stream the same on every run. */
	readonly seed?: number;
	/** Prefix of event ids and invoice numbers, so that two streams never collide. */
	readonly runId?: string;
}

export interface InvoiceStream {
	readonly events: readonly InvoiceEvent[];
	/** The request bodies in sending order: every event once, the redelivered ones again later. */
	readonly deliveries: readonly InvoiceEvent[];
	readonly redelivered: number;
}

/** Customers of examples/setup-configuration.json, found by their customer number. */
const KNOWN_CUSTOMERS = [
	['C10000', 'Adatum Corporation'],
	['C20000', 'Fabrikam Inc.'],
] as const;

/** A small deterministic generator (mulberry32): the same seed gives the same stream. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function invoiceStream(options: InvoiceStreamOptions): InvoiceStream {
	const next = random(options.seed ?? 12);
	const runId = options.runId ?? 'load';
	const newCustomers = options.newCustomers ?? 100;
	const start = DateTime.now().setZone(options.zone).minus({ days: 3 }).startOf('day');
	const events = Array.from({ length: options.events }, (_, index): InvoiceEvent => {
		const known = next() < 0.5;
		const [customerNo, customerName] = known
			? KNOWN_CUSTOMERS[index % KNOWN_CUSTOMERS.length]
			: [
					`N${String(1 + Math.floor(next() * newCustomers)).padStart(5, '0')}`,
					`New customer ${index % newCustomers}`,
				];
		return {
			eventId: `evt_${runId}_${index + 1}`,
			invoiceNo: `INV-${runId}-${index + 1}`,
			customerNo,
			customerName,
			customerEmail: `billing@${customerNo.toLowerCase()}.example`,
			// Spread over two days, in the workflow's time zone.
			sentAt: start
				.plus({ seconds: Math.floor((index * 2 * 86_400) / Math.max(1, options.events)) })
				.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
			salesperson: known ? 'JO' : 'AL',
		};
	});
	const deliveries: (InvoiceEvent | undefined)[] = [...events];
	const redeliveredCount = Math.round(options.events * options.redeliveredShare);
	// Each redelivery goes somewhere after its first delivery: often within the next few dozen
	// (in flight at the same time at concurrency 32), sometimes much later.
	const chosen = new Set<number>();
	while (chosen.size < redeliveredCount) chosen.add(Math.floor(next() * options.events));
	const later: [number, InvoiceEvent][] = [...chosen].map((index) => {
		const gap = next() < 0.5 ? 1 + Math.floor(next() * 40) : Math.floor(next() * options.events);
		return [index + gap + next(), events[index]];
	});
	const ordered = [
		...deliveries.map((event, index) => [index, event] as [number, InvoiceEvent]),
		...later,
	].sort((a, b) => a[0] - b[0]);
	return {
		events,
		deliveries: ordered.map(([, event]) => event),
		redelivered: redeliveredCount,
	};
}
