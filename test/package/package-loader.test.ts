import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import packageJson from '../../package.json';
import { NODE_TYPES, PACKAGE_NAME } from '../support/workflow';

const ROOT = join(__dirname, '..', '..');

function sourceNodeFiles(): string[] {
	return readdirSync(join(ROOT, 'nodes'))
		.filter((name) => existsSync(join(ROOT, 'nodes', name, `${name}.node.ts`)))
		.map((name) => `dist/nodes/${name}/${name}.node.js`)
		.sort();
}

// `npm test` builds first, so dist/ is what `npm pack` would ship.
describe('the built package', () => {
	it('lists every node of nodes/ in package.json', () => {
		expect([...packageJson.n8n.nodes].sort()).toEqual(sourceNodeFiles());
	});

	it('has every file named in the n8n section, with codex and icons', () => {
		for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(existsSync(join(ROOT, file))).toBe(true);
		}
		for (const file of packageJson.n8n.nodes) {
			expect(existsSync(join(ROOT, file.replace(/\.js$/, '.json')))).toBe(true);
		}
		expect(existsSync(join(ROOT, 'dist/icons/interactionLog.svg'))).toBe(true);
	});

	it("loads with n8n-core's PackageDirectoryLoader and finds every node and the credential", async () => {
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		expect(loader.packageName).toBe(PACKAGE_NAME);
		const nodeNames = packageJson.n8n.nodes.map((file) => {
			const className = file.split('/').slice(-1)[0].replace('.node.js', '');
			return className.charAt(0).toLowerCase() + className.slice(1);
		});
		for (const name of nodeNames) {
			const node = loader.getNode(name);
			expect(node.type.description.name).toBe(name);
			// Every action node is an AI-agent tool; a trigger starts workflows instead.
			const isTrigger = node.type.description.group.includes('trigger');
			expect(Boolean(node.type.description.usableAsTool)).toBe(!isTrigger);
		}
		const credential = loader.getCredential('interactionLogDatabaseApi');
		expect(credential.type.displayName).toBe('Interaction Log Database');
		expect(loader.types.nodes.map((node) => node.name).sort()).toEqual([...nodeNames].sort());
		// Each node has icons of its own (told apart on the canvas), a light and a dark one, shipped.
		const icons = loader.types.nodes.map((node) => node.iconUrl as { light: string; dark: string });
		for (const { light, dark } of icons) {
			expect(light).not.toBe(dark);
			for (const url of [light, dark]) {
				expect(existsSync(join(ROOT, url.replace(`icons/${PACKAGE_NAME}/`, '')))).toBe(true);
			}
		}
		expect(new Set(icons.map((icon) => icon.light)).size).toBe(nodeNames.length);
		expect(new Set(icons.map((icon) => icon.dark)).size).toBe(nodeNames.length);
		// n8n names an installed node `<package>.<name>`: the names our test workflows use.
		expect(nodeNames.map((name) => `${loader.packageName}.${name}`).sort()).toEqual(
			Object.keys(NODE_TYPES).sort(),
		);
	});
});
