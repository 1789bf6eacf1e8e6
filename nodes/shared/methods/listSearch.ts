import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listGroups } from '../../../lib/groups';
import { listTemplates } from '../../../lib/templates';
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
