import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;
export type NodeTypeClass = new () => AnyNodeType;
export type NodeTypeMap = Record<string, AnyNodeType | NodeTypeClass>;

/** Keys node classes the way n8n does for installed packages: `<package name>.<description.name>`. */
export function nodeTypesOf(packageName: string, classes: NodeTypeClass[]): NodeTypeMap {
	const map: NodeTypeMap = {};
	for (const NodeClass of classes) {
		const instance = new NodeClass();
		map[`${packageName}.${instance.description.name}`] = instance;
	}
	return map;
}

/** Minimal stand-in for n8n's NodeTypes service, backed by a fixed map. */
export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, AnyNodeType> = {};

	constructor(map: NodeTypeMap) {
		for (const [name, type] of Object.entries(map)) {
			this.types[name] = typeof type === 'function' ? new type() : type;
		}
	}

	getByName(name: string): AnyNodeType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type "${name}" (known: ${this.names().join(', ')})`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(this.names().map((name) => [name, { className: name, sourcePath: '' }]));
	}

	private names(): string[] {
		return Object.keys(this.types);
	}
}
