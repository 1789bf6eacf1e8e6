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
import { retriedOnce, startInstance, type E2eInstance } from './support/instance';
import { E2E_RELEASES } from './support/releases';
import { EXAMPLES, FIXTURES, hasExample, runFromTrigger } from './support/runs';

const WORKFLOWS = [...EXAMPLES, ...FIXTURES];

/** The templates setup-configuration.json creates: the picker must list each of them. */
const SETUP_TEMPLATES = ['OUTCALL', 'INCALL', 'LETTER', 'MEETING', 'SINV', 'SQUOTE'];

function canvasNode(page: Page, name: string) {
	return page.locator(`${byTestId('canvas-node')}[data-node-name="${name}"]`);
}

describe.each(E2E_RELEASES.map((release) => [release.label, release] as const))(
	"%s: the package in n8n's editor (chromium)",
	(_label, release) => {
		let n8n: E2eInstance;
		let browser: Browser;
		let page: Page;
		/** Screenshots of each release side by side: `<name>-n8n-<version>.png`. */
		const shoot = (name: string) => screenshot(page, `${name}-n8n-${release.version}`);

		const cleanUp = async () => {
			await browser?.close();
			await n8n?.cleanUp();
		};

		beforeAll(async () => {
			if (!existsSync(CHROMIUM))
				throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
			expect(hasExample('setup-configuration.json')).toBe(true);
			const setUp = async () => {
				n8n = await startInstance('editor', release, 'pglite', WORKFLOWS);
				// The templates and contacts the pickers and the manual run need.
				const failed = executionError(await runFromTrigger(n8n, 'setup-configuration.json'));
				if (failed !== undefined) throw new Error(`setup-configuration.json failed: ${failed}`);
				browser = await launchBrowser();
				page = browser.page;
			};
			await retriedOnce(`n8n ${release.version} with chromium`, setUp, cleanUp);
		});

		afterAll(cleanUp);

		it('signs in as the owner', async () => {
			await page.goto(`${n8n.server.url}/signin`, { waitUntil: 'domcontentloaded' });
			await page.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
			await page.locator('input[name="password"]').fill(DEMO_OWNER.password);
			await page.locator(byTestId('form-submit-button')).click();
			await page.waitForURL(/\/home\/workflows/);
			await shoot('workflows');
		});

		it.each(WORKFLOWS.map((example) => [example.file, example] as const))(
			'shows %s with every node of the package rendered with its own icon',
			async (file, example) => {
				await page.goto(`${n8n.server.url}/workflow/${n8n.workflow(file).id}`, {
					waitUntil: 'domcontentloaded',
				});
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
					// Its own icon: `recordInteraction.svg` (or `.dark.svg`) for Record Interaction and its tool.
					const own = node.type.slice(PACKAGE_NAME.length + 1).replace(/Tool$/, '');
					const src = await icon.getAttribute('src');
					expect(src).toContain(`/icons/${PACKAGE_NAME}/`);
					expect(src).toMatch(new RegExp(`/${own}(\\.dark)?\\.svg(\\?.*)?$`));
					// A loaded image has a width; a broken icon has none.
					const width = () =>
						icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
					expect(await eventually(width, (value) => value > 0)).toBeGreaterThan(0);
				}
				await shoot(`workflow-${file.replace(/\.json$/, '')}`);
			},
		);

		it("lists the database's templates in Record Interaction's template picker", async () => {
			await page.goto(`${n8n.server.url}/workflow/${n8n.workflow('record-phone-call.json').id}`, {
				waitUntil: 'domcontentloaded',
			});
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
			await shoot('template-picker');
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
			await shoot('manual-run-output');
		});
	},
);
