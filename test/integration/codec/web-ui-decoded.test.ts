import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { AesGcmPayloadCodec, loadPayloadKeyring, startCodecServer, type RunningCodecServer } from '../../../lib/codec';
import { createLogger } from '../../../lib/logger';
import { freePort } from '../../../lib/net/free-port';
import { startDevServer, type RunningDevServer } from '../../../lib/temporal';
import { locateTool } from '../../../lib/tools';
import { decideApprovalUpdate } from '../../../workflows/dag';
import { uniqueTaskQueue } from '../../support/temporal-test-env';
import { launchTestBrowser, type TestBrowser } from '../web-ui/browser';
import {
  bundleFixtures,
  codecClient,
  keysJson,
  rawHistory,
  smokeDeps,
  startCodecRun,
  startCodecWorker,
  waitForApproval,
  type TemporalConnections,
} from './codec-stack';

const UI_TIMEOUT_MS = 30_000;

/**
 * The embedded dev server started as `npm start` starts it (lib/temporal/dev-server.ts), with
 * TEMPORAL_UI_CODEC_ENDPOINT pointing its Web UI at the codec server: the browser decodes the
 * run's encrypted payloads through it (CORS preflight included, as the UI sends X-Namespace).
 */
describe('the Web UI with the codec server', () => {
  let browser: TestBrowser;
  let codecServer: RunningCodecServer;
  let server: RunningDevServer;
  let temporal: TemporalConnections & { close(): Promise<void> };
  let bundle: WorkflowBundle;
  let dir: string;
  const keys = keysJson('k1', ['k1']);

  before(async () => {
    browser = await launchTestBrowser();
    dir = mkdtempSync(join(tmpdir(), 'codec-web-ui-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    codecServer = await startCodecServer({
      codec: new AesGcmPayloadCodec(loadPayloadKeyring({ PAYLOAD_KEYS: keys })!),
      port: 0,
      allowedOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
    });
    [server, bundle] = await Promise.all([
      startDevServer({
        cliPath: locateTool('temporal', { install: true }),
        dataDir: join(dir, 'temporal'),
        port,
        uiPort,
        namespace: 'default',
        logger: createLogger({ level: 'warn', pretty: false }),
        uiCodecEndpoint: codecServer.url,
      }),
      bundleFixtures(),
    ]);
    const [connection, nativeConnection] = await Promise.all([
      Connection.connect({ address: server.address }),
      NativeConnection.connect({ address: server.address }),
    ]);
    temporal = {
      connection,
      nativeConnection,
      namespace: 'default',
      close: async () => {
        await connection.close();
        await nativeConnection.close();
      },
    };
  });

  after(async () => {
    await browser?.close();
    await temporal?.close();
    await server?.stop();
    await codecServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("shows a run's decoded params and approval in the browser", async () => {
    const taskQueue = uniqueTaskQueue('codec-ui');
    const secrets = { note: `ui-note-${taskQueue}`, approver: `UiApprover-${taskQueue}` };
    const worker = await startCodecWorker(temporal, { bundle, deps: smokeDeps(dir), taskQueue, payloadKeys: keys });
    const workflowId = `codec_dag-${taskQueue}`;
    try {
      const handle = await startCodecRun(codecClient(temporal, keys), taskQueue, secrets.note, workflowId);
      await waitForApproval(handle);
      await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ taskId: 'approve_promotion', decision: 'approve', by: secrets.approver, reason: 'ui check' }],
      });
      assert.equal((await handle.result()).state, 'success');
    } finally {
      await worker.stop();
    }
    // What the server keeps is ciphertext: whatever the page shows came through the codec server.
    const raw = (await rawHistory(codecClient(temporal), workflowId)).bytes.toString('latin1');
    assert.ok(!raw.includes(secrets.note) && !raw.includes(secrets.approver));

    const page = await browser.context.newPage();
    const decodeRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(codecServer.url)) decodeRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    try {
      await page.goto(`${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
      await page.getByText(secrets.note).first().waitFor({ timeout: UI_TIMEOUT_MS });
      // The result (with the approval) is shown once the run is closed.
      await page.getByText(secrets.approver).first().waitFor({ timeout: UI_TIMEOUT_MS });
      assert.ok(
        decodeRequests.some((r) => r === 'POST /decode'),
        `the page did not call the codec server: ${decodeRequests.join(', ')}`,
      );
    } catch (err) {
      const shot = await browser.screenshot(page, 'codec-decoded').catch((e: unknown) => `(screenshot failed: ${String(e)})`);
      throw new Error(`${(err as Error).message}\nscreenshot: ${shot}`, { cause: err });
    } finally {
      await page.close();
    }
  });
});
