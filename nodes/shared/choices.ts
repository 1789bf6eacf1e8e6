import type { INodePropertyOptions } from 'n8n-workflow';

import { CORRESPONDENCE_TYPES, EVALUATIONS, INFORMATION_FLOWS, INITIATORS } from '../../lib/core';

/** 'hard_copy' → 'Hard Copy': how the editor names a stored value. */
function labelOf(value: string): string {
	return value
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/**
 * Dropdown options for one of the lib's stored enumerations (docs/domain.md#s5-1), in its order,
 * after "None" ('' stands for the blank value): a value added to the lib appears here by itself.
 */
function optionsOf(
	values: readonly string[],
	descriptions: Record<string, string> = {},
): INodePropertyOptions[] {
	return [
		{ name: 'None', value: '' },
		...values.map((value) => ({
			name: labelOf(value),
			value,
			...(descriptions[value] ? { description: descriptions[value] } : {}),
		})),
	];
}

export const informationFlowOptions = optionsOf(INFORMATION_FLOWS, {
	outbound: 'Information went to the contact',
	inbound: 'Information came from the contact',
});

export const initiatedByOptions = optionsOf(INITIATORS);

export const correspondenceTypeOptions = optionsOf(CORRESPONDENCE_TYPES);

export const evaluationOptions = optionsOf(EVALUATIONS);
