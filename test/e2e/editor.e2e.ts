import { existsSync } from 'node:fs';

import type { Page } from 'playwright-core';

import { executionError } from '../../scripts/real-n8n/executions';
import { PACKAGE_NAME } from '../../scripts/real-n8n/paths';
import { DEMO_OWNER } from '../../scripts/real-n8n/provision';
import {
	byTestId,
	CHROMIUM,
	eventually,
	launchBrowser,
	screenshot,
	type Browser,
} from './support/browser';
import { startInstance, type E2eInstance } from './support/instance';
import { EXAMPLES, FIXTURES, hasExample, runFromTrigger } from './support/runs';

const WORKFLOWS = [...EXAMPLES, ...FIXTURES];

/** The templates setup-configuration.json creates: the picker must list each of them. */
const SETUP_TEMPLATES = ['OUTCALL', 'INCALL', 'LETTER', 'MEETING', 'SINV', 'SQUOTE'];

function canvasNode(page: Page, name: string) {
	return page.locator(`${byTestId('canvas-node')}[data-node-name="${name}"]`);
}

describe("the package in n8n's editor (chromium)", () => {
	let n8n: E2eInstance;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
		n8n = await startInstance('editor', 'pglite', WORKFLOWS);
		// The templates and contacts the pickers and the manual run need.
		expect(hasExample('setup-configuration.json')).toBe(true);
		expect(executionError(await runFromTrigger(n8n, 'setup-configuration.json'))).toBeUndefined();
		browser = await launchBrowser();
		page = browser.page;
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.cleanUp();
	});

	it('signs in as the owner', async () => {
		await page.goto(`${n8n.server.url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
		await page.locator('input[name="password"]').fill(DEMO_OWNER.password);
		await page.locator(byTestId('form-submit-button')).click();
		await page.waitForURL(/\/home\/workflows/);
		await screenshot(page, 'workflows');
	});

	it.each(WORKFLOWS.map((example) => [example.file, example] as const))(
		'shows %s with every node of the package rendered with its icon',
		async (file, example) => {
			await page.goto(`${n8n.server.url}/workflow/${n8n.workflow(file).id}`);
			const nodes = page.locator(byTestId('canvas-node'));
			const expected = example.workflow.nodes.length;
			expect(
				await eventually(
					() => nodes.count(),
					(count) => count === expected,
				),
			).toBe(expected);
			await expect(page.locator(byTestId('node-not-installed')).count()).resolves.toBe(0);
			const ours = example.workflow.nodes.filter((node) =>
				node.type.startsWith(`${PACKAGE_NAME}.`),
			);
			expect(ours.length).toBeGreaterThan(0);
			for (const node of ours) {
				const icon = canvasNode(page, node.name).locator('img').first();
				await expect(icon.getAttribute('src')).resolves.toContain(`/icons/${PACKAGE_NAME}/`);
				// A loaded image has a width; a broken icon has none.
				const width = () =>
					icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
				expect(await eventually(width, (value) => value > 0)).toBeGreaterThan(0);
			}
			await screenshot(page, `workflow-${file.replace(/\.json$/, '')}`);
		},
	);

	it("lists the database's templates in Record Interaction's template picker", async () => {
		await page.goto(`${n8n.server.url}/workflow/${n8n.workflow('record-phone-call.json').id}`);
		await canvasNode(page, 'Record Phone Call').dblclick();
		await page
			.locator(`${byTestId('resource-locator-templateCode')} ${byTestId('rlc-input')}`)
			.click();
		const items = page.locator(byTestId('rlc-item'));
		await items.first().waitFor();
		const codes = async () => (await items.allInnerTexts()).map((text) => text.split(' ')[0]);
		const listed = await eventually(codes, (shown) =>
			SETUP_TEMPLATES.every((code) => shown.includes(code)),
		);
		expect(listed).toEqual(expect.arrayContaining(SETUP_TEMPLATES));
		await screenshot(page, 'template-picker');
		await page.keyboard.press('Escape');
		await page.locator(byTestId('ndv-close-button')).click();
	});

	it('runs the manual workflow from the editor and shows the recorded entry', async () => {
		await page.locator(byTestId('execute-workflow-button')).click();
		const recordNode = canvasNode(page, 'Record Phone Call');
		await recordNode.locator(byTestId('canvas-node-status-success')).waitFor();
		await recordNode.dblclick();
		const output = page.locator(byTestId('output-panel'));
		await output.getByText('1 item').waitFor();
		const text = await eventually(
			() => output.innerText(),
			(shown) => shown.includes('CT101'),
		);
		expect(text).toContain('entryNo');
		expect(text).toContain('CT101');
		await screenshot(page, 'manual-run-output');
	});
});
