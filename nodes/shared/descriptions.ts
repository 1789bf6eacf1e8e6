import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Scopes `properties` to `displayOptions` (merged with their own), as nodes-base's
 * `updateDisplayOptions` does; a community package cannot import that one.
 */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...(displayOptions.hide || property.displayOptions?.hide
				? { hide: { ...displayOptions.hide, ...property.displayOptions?.hide } }
				: {}),
		},
	}));
}

function codeLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	placeholder: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${displayName.toLowerCase()}…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By Code', name: 'id', type: 'string', placeholder },
		],
	};
}

/** Picker for an interaction template, searchable by code and description. */
export const templateRLC = codeLocator(
	'Template',
	'templateCode',
	'searchTemplates',
	'e.g. OUTCALL',
	'The interaction template (its code)',
);

/** Picker for an interaction group. */
export const groupRLC = codeLocator(
	'Group',
	'groupCode',
	'searchGroups',
	'e.g. PHONE',
	'The interaction group (its code)',
);

/** Picker for a contact, searchable by number and name. */
export const contactRLC = codeLocator(
	'Contact',
	'contactNo',
	'searchContacts',
	'e.g. CT000123',
	'The contact (its number)',
);

/** Picker for a segment. */
export const segmentRLC = codeLocator(
	'Segment',
	'segmentNo',
	'searchSegments',
	'e.g. SEG0001',
	'The segment (its number)',
);

/**
 * A Dry Run switch: two definitions of one parameter, of which n8n shows the second, on by
 * default, when the node runs as an AI agent's tool (`@tool`: its type name ends in "Tool"), so an
 * agent looks before it deletes or erases.
 */
export const dryRunParameters = (description: string): INodeProperties[] => [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description,
		displayOptions: { show: { '@tool': [false] } },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description,
		displayOptions: { show: { '@tool': [true] } },
	},
];
