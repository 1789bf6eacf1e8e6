import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetentionPolicyKey } from '../../../../lib/privacy';
import { groupRLC, templateRLC } from '../../../shared/descriptions';

/** Which template or group a policy is for: the kind, then the matching picker. */
export function targetFields(operation: string): INodeProperties[] {
	const show = { resource: ['retentionPolicy'], operation: [operation] };
	return [
		{
			displayName: 'Applies To',
			name: 'appliesTo',
			type: 'options',
			options: [
				{
					name: 'Template',
					value: 'template',
					description: "The entries of one template; wins over its group's policy",
				},
				{
					name: 'Group',
					value: 'group',
					description: "The entries of a group's templates that have no policy of their own",
				},
			],
			default: 'template',
			displayOptions: { show },
		},
		{ ...templateRLC, displayOptions: { show: { ...show, appliesTo: ['template'] } } },
		{ ...groupRLC, displayOptions: { show: { ...show, appliesTo: ['group'] } } },
	];
}

export function readTarget(context: IExecuteFunctions, itemIndex: number): RetentionPolicyKey {
	const appliesTo = context.getNodeParameter('appliesTo', itemIndex) as string;
	const picker = appliesTo === 'group' ? 'groupCode' : 'templateCode';
	return {
		appliesTo,
		code: context.getNodeParameter(picker, itemIndex, '', { extractValue: true }),
	};
}
