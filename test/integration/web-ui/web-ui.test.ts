import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Page } from 'playwright-core';
import { SEARCH_ATTRIBUTES } from '../../../common/search-attributes';
import { TASK_QUEUES } from '../../../common/task-queues';
import { freePort } from '../../../lib/net/free-port';
import { locateTool } from '../../../lib/tools';
import { launchTestBrowser, type TestBrowser } from './browser';

// The UI polls visibility; a run started a moment ago may need a reload or two to show up.
const UI_TIMEOUT_MS = 15_000;
const SUMMARY = 'Smoke test of the DAG engine for the Web UI test';

/**
 * Drives the Web UI embedded in the pinned Temporal CLI dev server. No worker runs: a started
 * run is listed (and carries its summary) before any worker picks it up.
 */
describe('the Temporal Web UI in headless Chromium', () => {
  let env: TestWorkflowEnvironment;
  let browser: TestBrowser;
  let uiUrl: string;
  const workflowId = `dag_smoke_test/web-ui/${Date.now().toString(36)}`;

  before(async () => {
    // The browser first: a missing chromium fails here with the install hint, before the server starts.
    browser = await launchTestBrowser();
    const uiPort = await freePort();
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: locateTool('temporal', { install: true }) },
        uiPort,
        searchAttributes: Object.values(SEARCH_ATTRIBUTES),
        extraArgs: ['--log-level', 'error'],
      },
    });
    uiUrl = `http://127.0.0.1:${uiPort}/namespaces/default`;
    // Started as the UI's Start Workflow form would, search attribute included, so the run is
    // filterable before a worker has run it.
    await env.client.workflow.start('dag_smoke_test', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [{ params: { count: 2 }, runKind: 'manual' }],
      staticSummary: SUMMARY,
      staticDetails: 'Started by **test/integration/web-ui**.',
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.dagId, value: 'dag_smoke_test' }],
    });
    await waitUntilListed(env, `WorkflowId = "${workflowId}"`);
  });

  after(async () => {
    await browser?.close();
    await env?.teardown();
  });

  async function withScreenshotOnFailure(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (err) {
      const path = await browser.screenshot(page, name).catch((e: unknown) => `(screenshot failed: ${String(e)})`);
      throw new Error(`${(err as Error).message}\nscreenshot: ${path}`, { cause: err });
    }
  }

  test('lists a started run, and its page shows the run summary', async () => {
    const page = await browser.context.newPage();
    await withScreenshotOnFailure(page, 'workflows-list', async () => {
      await gotoUntilVisible(page, `${uiUrl}/workflows`, workflowId);
      const row = page.getByRole('row').filter({ hasText: workflowId });
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match(await row.innerText(), /dag_smoke_test/);
      assert.match(await row.innerText(), /running/i);
      // Workflows list of UI 2.54 has no summary column: the summary is on the run's page.
      await row.getByRole('link', { name: workflowId }).click();
      await page.getByRole('tab', { name: 'User Metadata' }).click({ timeout: UI_TIMEOUT_MS });
      await waitForTextInAnyFrame(page, SUMMARY);
    });
    await page.close();
  });

  test('filters the workflows list by the DagId search attribute', async () => {
    const page = await browser.context.newPage();
    await withScreenshotOnFailure(page, 'workflows-filtered', async () => {
      const query = encodeURIComponent('DagId = "dag_smoke_test"');
      await gotoUntilVisible(page, `${uiUrl}/workflows?query=${query}`, workflowId);
      const none = encodeURIComponent('DagId = "weekly_retraining"');
      await page.goto(`${uiUrl}/workflows?query=${none}`);
      await page.getByText('No Workflows Found').waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(await page.getByText(workflowId).count(), 0);
    });
    await page.close();
  });
});

async function waitUntilListed(env: TestWorkflowEnvironment, query: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for await (const _ of env.client.workflow.list({ query })) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no run matched ${query} in visibility within ${UI_TIMEOUT_MS} ms`);
}

/** Opens `url` and reloads until `text` shows, for at most UI_TIMEOUT_MS. */
async function gotoUntilVisible(page: Page, url: string, text: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  await page.goto(url);
  for (;;) {
    try {
      await page.getByText(text, { exact: true }).first().waitFor({ timeout: 3_000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`"${text}" did not appear on ${url} within ${UI_TIMEOUT_MS} ms`, { cause: err });
      await page.reload();
    }
  }
}

/** Markdown (summary, details) is rendered in a sandboxed iframe, out of reach of page.getByText. */
async function waitForTextInAnyFrame(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const body = await frame
        .locator('body')
        .innerText({ timeout: 1_000 })
        .catch(() => '');
      if (body.includes(text)) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${text}" did not appear on ${page.url()} (any frame) within ${UI_TIMEOUT_MS} ms`);
}
