import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

type AnyNodeType = INodeType | IVersionedNodeType;
export type NodeTypeClass = new () => AnyNodeType;
export type NodeTypeMap = Record<string, AnyNodeType | NodeTypeClass>;

/** Keys node classes the way n8n does for an installed package: `<package>.<description.name>`. */
export function nodeTypesOf(packageName: string, classes: NodeTypeClass[]): NodeTypeMap {
	const instances = classes.map((NodeClass) => new NodeClass());
	return Object.fromEntries(
		instances.map((type) => [`${packageName}.${type.description.name}`, type]),
	);
}

/** Stand-in for n8n's NodeTypes service, backed by a fixed map instead of loaded packages. */
export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, AnyNodeType>;

	constructor(map: NodeTypeMap) {
		this.types = Object.fromEntries(
			Object.entries(map).map(([name, type]) => [
				name,
				typeof type === 'function' ? new type() : type,
			]),
		);
	}

	getByName(name: string): AnyNodeType {
		const type = this.types[name];
		if (type) return type;
		throw new Error(`Unknown node type "${name}"; known: ${Object.keys(this.types).join(', ')}`);
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}
