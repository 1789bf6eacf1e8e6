import { DateTime } from 'luxon';

import { LIMITS } from '../core';
import { isInteractionLogError, notFoundError } from '../core';
import { readOptionalText } from '../core';
import { UnreadableInput } from '../core';
import { readBatching, type RecordOutcome } from './batch';

export { UnreadableInput } from '../core';
import { readZone } from '../core';

// What every recording target (contact, document event, segment) reads the same way.

/** The values given with an interaction that a draft does not take: its keys and audit. */
export interface RecordKeysInput {
	/** Makes a retry return the entry already written (e.g. a webhook's event id). */
	readonly idempotencyKey?: unknown;
	/** Who records it; the node gives "workflow <id>, execution <id>" by default. */
	readonly recordedBy?: unknown;
}

/** Settings of one recording call, the same for every item. */
export interface RecordOptions {
	/** The workflow's IANA time zone: values without offset are read in it and stored with it. */
	readonly timeZone: string;
	/** `transaction` (default) or `independently`. */
	readonly batching?: unknown;
	/** "Now" for items without a date; the current time when absent. */
	readonly now?: DateTime;
	/** Stops the batch between statements and cancels the running one (a stopped execution). */
	readonly signal?: AbortSignal;
}

/** The settings every target reads the same way. */
export function readRecordOptions(options: RecordOptions) {
	return {
		timeZone: readZone('timeZone', options.timeZone),
		batching: readBatching(options.batching),
		now: options.now ?? DateTime.now(),
	};
}

/** Reads the idempotency key and recorder of one item. */
export function readRecordKeys(input: RecordKeysInput) {
	return {
		idempotencyKey: readOptionalText('idempotencyKey', input.idempotencyKey, LIMITS.idempotencyKey),
		recordedBy: readOptionalText('recordedBy', input.recordedBy, LIMITS.actor),
	};
}

/** The input itself; an `UnreadableInput` is thrown, for `tryItem` to make it a failed outcome. */
export function readable<T>(input: T | UnreadableInput): T {
	if (input instanceof UnreadableInput) throw input;
	return input;
}

/** Runs `read` for one item; a library error becomes that item's failed outcome. */
export function tryItem<T>(read: () => T): T | RecordOutcome {
	try {
		return read();
	} catch (error) {
		if (isInteractionLogError(error)) return { status: 'failed', error };
		if (error instanceof UnreadableInput) return { status: 'failed', error: error.error };
		throw error;
	}
}

export function isOutcome(value: unknown): value is RecordOutcome {
	return typeof value === 'object' && value !== null && 'status' in value;
}

export function templateNotFound(code: string) {
	return notFoundError(
		'templateCode',
		code,
		`Interaction template ${code} does not exist`,
		'Create the template first (Interaction Setup → Template), or pick an existing one.',
	);
}

export function contactNotFound(contactNo: string, field = 'contactNo') {
	return notFoundError(
		field,
		contactNo,
		`Contact ${contactNo} does not exist`,
		'Create the contact first (Interaction Setup → Contact), or pick an existing one.',
	);
}
