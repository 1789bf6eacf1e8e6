import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listContacts } from '../../../lib/contacts';
import { listGroups } from '../../../lib/setup';
import { listSegments } from '../../../lib/segments';
import { BUILTIN_DOCUMENT_KINDS, listTemplateSetup } from '../../../lib/setup';
import { listTemplates } from '../../../lib/setup';
import { databaseOf } from '../connection';

const PAGE = 100;

/** Templates for the picker, filtered by code or description. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const templates = await listTemplates(await databaseOf(this), { search: filter, limit: PAGE });
	return {
		results: templates.map((template) => ({
			name: template.description ? `${template.code} – ${template.description}` : template.code,
			value: template.code,
		})),
	};
}

/** Groups for the picker, filtered by code or description. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const groups = await listGroups(await databaseOf(this), { search: filter, limit: PAGE });
	return {
		results: groups.map((group) => ({
			name: group.description ? `${group.code} – ${group.description}` : group.code,
			value: group.code,
		})),
	};
}

/** Contacts for the picker, filtered by number, name or e-mail; pages by contact number. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const contacts = await listContacts(await databaseOf(this), {
		search: filter,
		limit: PAGE,
		afterContactNo: paginationToken,
	});
	return {
		results: contacts.map((contact) => ({
			name: contact.name ? `${contact.contactNo} – ${contact.name}` : contact.contactNo,
			value: contact.contactNo,
		})),
		paginationToken: contacts.length === PAGE ? contacts[PAGE - 1].contactNo : undefined,
	};
}

/** Segments for the picker, filtered by number or description; pages by segment number. */
export async function searchSegments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const segments = await listSegments(await databaseOf(this), {
		search: filter,
		limit: PAGE,
		afterSegmentNo: paginationToken,
	});
	return {
		results: segments.map((segment) => ({
			name: segment.description
				? `${segment.segmentNo} – ${segment.description}`
				: segment.segmentNo,
			value: segment.segmentNo,
		})),
		paginationToken: segments.length === PAGE ? segments[PAGE - 1].segmentNo : undefined,
	};
}

const builtinLabels = new Map<string, string>(BUILTIN_DOCUMENT_KINDS.map((k) => [k.kind, k.label]));

/**
 * Document kinds of the template setup for the picker: builtin kinds with their labels, then
 * custom kinds, each with its template or "not recorded"; filtered by kind, label or template.
 */
export async function searchDocumentKinds(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const slots = await listTemplateSetup(await databaseOf(this));
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = slots.map((slot) => {
		const label = builtinLabels.get(slot.kind) ?? (slot.description || slot.kind);
		const template = slot.templateCode ?? 'not recorded';
		return { name: `${label} (${slot.kind}) – ${template}`, value: slot.kind };
	});
	return {
		results: needle
			? results.filter((result) => result.name.toLowerCase().includes(needle))
			: results,
	};
}
