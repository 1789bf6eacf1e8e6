import { randomUUID } from 'node:crypto';

import type { Knex } from 'knex';

import { isInteractionLogError, type InteractionLogError } from './errors';
import { canceledError, isCancellation } from './failures';

// A stopped execution (n8n's execution cancel signal) stops long work at its next statement: the
// one rule for writes (the running transaction is rolled back) and for reads that page.

/**
 * What a stop is reported as (`cause`: the canceled statement's error, if one was running);
 * `canceledError` unless the work words it for itself.
 */
export type StoppedError = (cause?: unknown) => InteractionLogError;

const stoppedByDefault: StoppedError = (cause) => canceledError({ cause });

/** Throws `stopped()` once `signal` fired: long work checks it before each statement. */
export function throwIfStopped(
	signal: AbortSignal | undefined,
	stopped: StoppedError = stoppedByDefault,
): void {
	if (signal?.aborted) throw stopped();
}

/**
 * A transaction that `signal` stops: none starts once it fired, and the statement running when it
 * fires is canceled on the server (`pg_cancel_backend` of the session, found by an application
 * name set for this transaction only), which rolls the transaction back. On PGlite, one connection
 * in this process, the cancel waits for the statement and the next statement is not started. Work
 * of many statements checks `throwIfStopped(signal, stopped)` between them; whichever way it
 * stops, the error is `stopped()`.
 */
export async function cancelableTransaction<T>(
	db: Knex,
	signal: AbortSignal | undefined,
	work: (trx: Knex.Transaction) => Promise<T>,
	stopped: StoppedError = stoppedByDefault,
): Promise<T> {
	throwIfStopped(signal, stopped);
	if (!signal) return await db.transaction(work);
	try {
		return await db.transaction(async (trx) => {
			const tag = `interaction-log ${randomUUID()}`;
			await trx.raw(`select set_config('application_name', ?, true)`, [tag]);
			const cancel = () => {
				void db
					.raw('select pg_cancel_backend(pid) from pg_stat_activity where application_name = ?', [
						tag,
					])
					.catch(() => undefined);
			};
			signal.addEventListener('abort', cancel, { once: true });
			try {
				const result = await work(trx);
				// Stopped between two statements: nothing was running to cancel, but nothing commits.
				throwIfStopped(signal, stopped);
				return result;
			} finally {
				signal.removeEventListener('abort', cancel);
			}
		});
	} catch (error) {
		// The statement the stop canceled on the server: say so, rather than "canceled (a timeout?)".
		if (signal.aborted && isCancellation(error) && !isInteractionLogError(error)) {
			throw stopped(error);
		}
		throw error;
	}
}
