import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, installed by scripts/install-chromium.sh (never a Playwright download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Where failure screenshots go; kept after close so they can be read. */
  readonly screenshotDir: string;
  /** Screenshots the page into screenshotDir and returns the file path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a new empty profile. Throws, rather than skipping, when the binary is
 * missing: a silently skipped browser test would hide a broken Web UI.
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/install-chromium.sh (installs the Debian package "chromium") and rerun the Web UI test`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'factory-chromium-profile-'));
  const screenshotDir = mkdtempSync(join(tmpdir(), 'factory-web-ui-screens-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
  });
  return {
    context,
    screenshotDir,
    async screenshot(page, name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
