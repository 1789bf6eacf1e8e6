import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	latestFeedItems,
	readFeed,
	readFeedEvent,
	readFeedFilters,
	readFeedLimit,
	settledHorizon,
	type FeedEvent,
	type FeedItem,
} from '../../lib/log';
import { databaseOf } from '../shared/connection';
import { toNodeError } from '../shared/errors';

/** How many of the latest items a test run shows. */
const TEST_RUN_ITEMS = 5;

// The cursor in the workflow's static data: entries are numbered, cancels and restores are
// audit events, numbered on their own.
const CURSOR_KEYS: Record<FeedEvent, string> = {
	recorded: 'lastEntryNo',
	canceled: 'lastEventNo',
	restored: 'lastEventNo',
};

function toItems(this: IPollFunctions, items: readonly FeedItem[]): INodeExecutionData[][] | null {
	if (items.length === 0) return null;
	return [
		this.helpers.returnJsonArray(
			items.map(({ event, ...entry }) => ({
				...entry,
				event: event && { ...event, details: event.details as IDataObject | null },
			})),
		),
	];
}

/**
 * One poll: what happened since the cursor, oldest first, each item once. The first poll of an
 * active workflow only sets the cursor to the current end of the log ("from now on"); a test run
 * shows the latest few items and leaves the cursor alone. The cursor only moves up to numbers no
 * writer still in flight can go below (see `settledHorizon`).
 */
export async function pollLog(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		const event = readFeedEvent(this.getNodeParameter('event', 'recorded'));
		const filters = readFeedFilters(this.getNodeParameter('filters', {}) as IDataObject);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const limit = readFeedLimit(options.maxItemsPerPoll);
		const db = await databaseOf(this);
		if (this.getMode() === 'manual') {
			return toItems.call(
				this,
				await latestFeedItems(db, { event, filters, limit: TEST_RUN_ITEMS }),
			);
		}
		const state = this.getWorkflowStaticData('node');
		const key = CURSOR_KEYS[event];
		const horizon = await settledHorizon(db, event);
		if (horizon === null) return null; // writers kept the log busy: the next poll catches up
		const after = state[key];
		// First activation, or a log emptied and numbered anew: start from its current end.
		if (typeof after !== 'number' || horizon < after) {
			state[key] = horizon;
			return null;
		}
		const page = await readFeed(db, {
			event,
			filters,
			after,
			upTo: horizon,
			limit,
		});
		state[key] = page.cursor;
		return toItems.call(this, page.items);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
