import type { Knex } from 'knex';

import type { ConnectionConfig } from '../lib/db';
import { EFFECTIVE_SEGMENT_LINE_COLUMNS, EFFECTIVE_SEGMENT_LINE_FROM } from '../lib/segments';
import { emptyLog, RECORDED_BY, seedSegment } from './record-data';
import { best, runNodePath, timed, withPeakMemory } from './record-node';
import type { Measurement } from './table';

// A segment logged in one transaction against a raw INSERT … SELECT of the same rows.

const ENTRY_COLUMNS = `contact_no, contact_company_no, occurred_at, time_zone, template_code, group_code,
	description, subject, information_flow, initiated_by, correspondence_type, cost, duration_min,
	evaluation, attempt_failed, segment_no, salesperson_code, campaign_no, campaign_target,
	campaign_response, language_code, recorded_by`;

export async function benchSegment(
	label: string,
	config: ConnectionConfig,
	db: Knex,
	lines: number,
	runs: number,
) {
	const effectiveRows = `select ${EFFECTIVE_SEGMENT_LINE_COLUMNS} from ${EFFECTIVE_SEGMENT_LINE_FROM} where l.segment_no = 'SEGBENCH'`;
	const freshSegment = async () => {
		await emptyLog(db);
		await db('segments').where({ segment_no: 'SEGBENCH' }).delete();
		await db('logged_segments').delete();
		await seedSegment(db, lines);
	};
	await freshSegment();
	await db.raw('drop table if exists bench_segment_rows');
	await db.raw(
		`create table bench_segment_rows as
		select e.contact_no, e.contact_company_no, now() as occurred_at, 'Europe/Berlin'::text as time_zone,
			e.template_code, e.group_code, e.description, e.subject, e.information_flow, e.initiated_by,
			e.correspondence_type, e.cost, e.duration_min, e.evaluation, e.attempt_failed, e.segment_no,
			e.salesperson_code, e.campaign_no, e.campaign_target, e.campaign_response, e.language_code,
			'bench'::text as recorded_by
		from (${effectiveRows}) e`,
	);
	const raw = await best(
		runs,
		() => emptyLog(db),
		() =>
			timed(() =>
				db.raw(
					`insert into interaction_log_entries (${ENTRY_COLUMNS}) select ${ENTRY_COLUMNS} from bench_segment_rows`,
				),
			),
	);
	const computed = await best(
		runs,
		() => emptyLog(db),
		() =>
			timed(() =>
				db.raw(`insert into interaction_log_entries (${ENTRY_COLUMNS})
			select e.contact_no, e.contact_company_no, now(), 'Europe/Berlin', e.template_code, e.group_code,
				e.description, e.subject, e.information_flow, e.initiated_by, e.correspondence_type, e.cost,
				e.duration_min, e.evaluation, e.attempt_failed, e.segment_no, e.salesperson_code, e.campaign_no,
				e.campaign_target, e.campaign_response, e.language_code, 'bench'
			from (${effectiveRows}) e`),
			),
	);
	let memory = '';
	const node = await best(runs, freshSegment, async () => {
		const run = await withPeakMemory(() => timedSegmentNode(config));
		memory = `peak heap +${run.heapMb.toFixed(0)} MB`;
		return run.result;
	});
	await db.raw('drop table bench_segment_rows');
	return [
		{
			backend: label,
			path: 'raw INSERT … SELECT from the segment (same values)',
			rows: lines,
			ms: computed,
			baseline: true,
			note: 'what one would write by hand: lines × segment × contact × template',
		},
		{
			backend: label,
			path: 'raw INSERT … SELECT of the rows precomputed',
			rows: lines,
			ms: raw,
			note: 'floor: the same rows copied from a table, nothing computed',
		},
		{
			backend: label,
			path: 'node, segment logged',
			rows: lines,
			ms: node,
			note: `checks, logged segment, entries, audit, ${lines} lines deleted; ${memory}`,
		},
	] satisfies Measurement[];
}

async function timedSegmentNode(config: ConnectionConfig) {
	const { items, executionTime } = await runNodePath(
		config,
		{
			target: 'segment',
			segmentNo: { __rl: true, mode: 'id', value: 'SEGBENCH' },
			options: { recordedBy: RECORDED_BY },
		},
		[{}],
	);
	if (items[0]?.json.entryCount === undefined)
		throw new Error(`segment not logged: ${JSON.stringify(items[0]?.json)}`);
	return executionTime;
}
