// The three workflows the webhook bench compares, all built from examples/invoice-sent-webhook.json
// so that they differ in one node only: (a) a No-Op where Record Interaction is (n8n's own
// ceiling), (b) n8n's Postgres node inserting the same event into a plain table (what a user
// would build by hand, safe to retry as well), (c) the example itself.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { EXAMPLES_DIR } from '../scripts/real-n8n/paths';
import type { WorkflowJson } from '../scripts/real-n8n/rest';

export type Variant = 'noop' | 'postgres' | 'record';

export const VARIANTS: readonly Variant[] = ['noop', 'postgres', 'record'];

export const VARIANT_LABELS: Readonly<Record<Variant, string>> = {
	noop: '(a) No-Op',
	postgres: '(b) Postgres node',
	record: '(c) Record Interaction',
};

const RECORD_NODE = 'Record Invoice Sent';

/** The table of (b), in a schema of its own next to the log. */
export const PLAIN_SCHEMA = 'bench_plain';
export const PLAIN_TABLE = `${PLAIN_SCHEMA}.invoice_events`;

export const PLAIN_TABLE_DDL = [
	`create schema if not exists ${PLAIN_SCHEMA}`,
	`create table if not exists ${PLAIN_TABLE} (
		id bigint generated always as identity primary key,
		event_id varchar(200) not null unique,
		document_kind varchar(30) not null,
		document_no varchar(50) not null,
		customer_no varchar(50) not null,
		template_code varchar(10) not null,
		occurred_at timestamptz not null,
		description varchar(100) not null,
		salesperson_code varchar(20),
		recorded_by varchar(50) not null,
		recorded_at timestamptz not null default now()
	)`,
];

// A retried event updates nothing and still returns its row, so the answer is the same both times.
const PLAIN_INSERT = `insert into ${PLAIN_TABLE}
	(event_id, document_kind, document_no, customer_no, template_code, occurred_at, description, salesperson_code, recorded_by)
	values ($1, 'sales_invoice', $2, $3, 'SINV', ($4::timestamp at time zone 'Europe/Berlin'), $5, $6, 'billing webhook')
	on conflict (event_id) do update set event_id = excluded.event_id
	returning id as "entryNo", (xmax = 0) as recorded, (xmax <> 0) as duplicate, customer_no as "contactNo"`;

function invoiceExample(): WorkflowJson {
	return JSON.parse(
		readFileSync(join(EXAMPLES_DIR, 'invoice-sent-webhook.json'), 'utf8'),
	) as WorkflowJson;
}

function replacement(variant: Variant, original: INode): INode {
	const base = { id: original.id, name: RECORD_NODE, position: original.position };
	if (variant === 'noop') {
		return { ...base, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
	}
	return {
		...base,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.5,
		parameters: {
			operation: 'executeQuery',
			query: PLAIN_INSERT,
			options: {
				queryReplacement:
					"={{ [$json.body.eventId, $json.body.invoiceNo, $json.body.customerNo, $json.body.sentAt, 'Invoice ' + $json.body.invoiceNo + ' sent', $json.body.salesperson] }}",
			},
		},
		credentials: { postgres: { id: '', name: 'Bench PostgreSQL' } },
		onError: 'continueRegularOutput',
	};
}

/** The webhook path of a variant. */
export function variantPath(variant: Variant): string {
	return variant === 'record' ? 'invoice-sent' : `invoice-sent-${variant}`;
}

/** The example with its Record Interaction node replaced for (a) and (b), on a path of its own. */
export function variantWorkflow(variant: Exclude<Variant, 'record'>): WorkflowJson {
	const example = invoiceExample();
	return {
		...example,
		name: `${example.name} [${VARIANT_LABELS[variant]}]`,
		nodes: example.nodes.map((node) => {
			if (node.name === RECORD_NODE) return replacement(variant, node);
			if (node.type === 'n8n-nodes-base.webhook') {
				return {
					...node,
					webhookId: randomUUID(),
					parameters: { ...node.parameters, path: variantPath(variant) },
				};
			}
			return node;
		}),
	};
}
