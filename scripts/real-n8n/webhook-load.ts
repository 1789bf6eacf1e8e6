// A bounded load generator on loopback that behaves like a real webhook sender (a billing
// system, Stripe, Shopify, Business Central): a fixed number of deliveries in flight, every
// answer other than 2xx (and every timeout or broken connection) retried with exponential
// backoff and jitter, bounded in attempts per delivery and in total time.

export interface WebhookLoadOptions {
	/** The webhook's URL, e.g. http://127.0.0.1:5680/webhook/invoice-sent. */
	readonly url: string;
	/** The request bodies in sending order; a redelivery is the same body again. */
	readonly deliveries: readonly unknown[];
	/** Deliveries in flight at once. */
	readonly concurrency: number;
	/** Attempts per delivery, the first included (default 10). */
	readonly maxAttempts?: number;
	/** Wait before the first retry; doubled each time up to `maxBackoffMs` (default 500). */
	readonly firstBackoffMs?: number;
	readonly maxBackoffMs?: number;
	/** A request not answered within this is abandoned and retried, as senders do (default 60 s). */
	readonly requestTimeoutMs?: number;
	/** The whole run stops sending after this (default 30 min); what is left counts as given up. */
	readonly deadlineMs?: number;
	/** Called after each finished delivery with the count so far (progress, a mid-run crash). */
	readonly onDelivered?: (delivered: number) => void;
}

export interface DeliveryOutcome {
	/** The status of the last answer, or undefined when the sender gave up without one. */
	readonly status: number | undefined;
	readonly body: unknown;
	readonly attempts: number;
}

export interface WebhookLoadResult {
	readonly seconds: number;
	readonly deliveries: number;
	/** Deliveries that ended with a 2xx answer. */
	readonly delivered: number;
	/** Deliveries given up on (attempts or time exhausted). */
	readonly givenUp: number;
	readonly requests: number;
	/** Requests beyond the first of each delivery. */
	readonly retries: number;
	/** Answers by HTTP status, plus `timeout` and `network error` for requests without one. */
	readonly byStatus: Readonly<Record<string, number>>;
	/** Latency of every request that got an answer, in ms, sorted ascending. */
	readonly latenciesMs: readonly number[];
	readonly outcomes: readonly DeliveryOutcome[];
	/** The first answers other than 2xx (status and body), to tell what the retries were for. */
	readonly failedAnswers: readonly { readonly status: number; readonly body: unknown }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `fraction` quantile (0.5 = median) of ascending `sorted`, in ms. */
export function quantile(sorted: readonly number[], fraction: number): number {
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

async function readBody(response: Response): Promise<unknown> {
	const text = await response.text();
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Sends every delivery and returns what happened, after the last one ended. */
export async function runWebhookLoad(options: WebhookLoadOptions): Promise<WebhookLoadResult> {
	const maxAttempts = options.maxAttempts ?? 10;
	const firstBackoffMs = options.firstBackoffMs ?? 500;
	const maxBackoffMs = options.maxBackoffMs ?? 8_000;
	const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
	const started = Date.now();
	const deadline = started + (options.deadlineMs ?? 30 * 60_000);
	const byStatus: Record<string, number> = {};
	const latencies: number[] = [];
	const failedAnswers: { status: number; body: unknown }[] = [];
	const outcomes: DeliveryOutcome[] = new Array(options.deliveries.length);
	let requests = 0;
	let delivered = 0;
	let next = 0;

	const attempt = async (body: unknown): Promise<{ status?: number; body?: unknown }> => {
		requests++;
		const sent = Date.now();
		try {
			const response = await fetch(options.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(requestTimeoutMs),
			});
			const answer = await readBody(response);
			latencies.push(Date.now() - sent);
			byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
			if (!response.ok && failedAnswers.length < 20) {
				failedAnswers.push({ status: response.status, body: answer });
			}
			return { status: response.status, body: answer };
		} catch (error) {
			const kind = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
			byStatus[kind] = (byStatus[kind] ?? 0) + 1;
			return {};
		}
	};

	const deliver = async (index: number) => {
		const body = options.deliveries[index];
		let last: { status?: number; body?: unknown } = {};
		let attempts = 0;
		while (attempts < maxAttempts && Date.now() < deadline) {
			if (attempts > 0) {
				const backoff = Math.min(maxBackoffMs, firstBackoffMs * 2 ** (attempts - 1));
				await sleep(backoff * (0.5 + Math.random() / 2));
			}
			attempts++;
			last = await attempt(body);
			if (last.status !== undefined && last.status >= 200 && last.status < 300) break;
		}
		outcomes[index] = { status: last.status, body: last.body, attempts };
		delivered++;
		options.onDelivered?.(delivered);
	};

	const sender = async () => {
		while (next < options.deliveries.length) await deliver(next++);
	};
	await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, sender));

	const ok = outcomes.filter((o) => o.status !== undefined && o.status >= 200 && o.status < 300);
	return {
		seconds: (Date.now() - started) / 1000,
		deliveries: options.deliveries.length,
		delivered: ok.length,
		givenUp: outcomes.length - ok.length,
		requests,
		retries: requests - outcomes.length,
		byStatus,
		latenciesMs: latencies.sort((a, b) => a - b),
		outcomes,
		failedAnswers,
	};
}
