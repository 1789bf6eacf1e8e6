// Debian's chromium driven by playwright-core (no browser download), one fresh profile per run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { E2E_ARTIFACTS_DIR } from '../../../scripts/real-n8n/paths';

export const CHROMIUM = process.env.INTERACTION_LOG_CHROMIUM ?? '/usr/bin/chromium';

/** How long a browser action or an `eventually` read may take (see launchBrowser). */
export const BROWSER_TIMEOUT_MS = 90_000;

/** Where the browser test saves its screenshots (ignored by git, kept by CI as artifacts). */
export const SCREENSHOTS_DIR = join(E2E_ARTIFACTS_DIR, 'screenshots');

export interface Browser {
	readonly page: Page;
	close(): Promise<void>;
}

/** Starts headless chromium with an empty profile and no network chatter of its own. */
export async function launchBrowser(): Promise<Browser> {
	const profile = mkdtempSync(join(tmpdir(), 'interaction-log-chromium-'));
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: { width: 1440, height: 900 },
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
	} catch (error) {
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	const opened = context;
	const page = opened.pages()[0] ?? (await opened.newPage());
	// A CI machine shared with other jobs can take far longer than playwright's 30 s to render
	// the editor; a slow answer is not a wrong one.
	page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
	return {
		page,
		async close() {
			await opened.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Saves a screenshot of the page as `<name>.png` in SCREENSHOTS_DIR and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	const path = join(SCREENSHOTS_DIR, `${name}.png`);
	await page.screenshot({ path });
	return path;
}

/** A locator of n8n's own test ids (`data-test-id`, not playwright's `data-testid`). */
export function byTestId(testId: string): string {
	return `[data-test-id="${testId}"]`;
}

/**
 * Reads `read` until `accept` holds or `timeoutMs` has passed, and returns the last value read:
 * the editor renders in steps, so a single look can come too early.
 */
export async function eventually<T>(
	read: () => Promise<T>,
	accept: (value: T) => boolean,
	timeoutMs = BROWSER_TIMEOUT_MS,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (accept(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
