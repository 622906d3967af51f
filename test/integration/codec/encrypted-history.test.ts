import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import type { WorkflowBundle } from '@temporalio/worker';
import { AesGcmPayloadCodec, loadPayloadKeyring, startCodecServer, type RunningCodecServer } from '../../../lib/codec';
import { locateTool } from '../../../lib/tools';
import { decideApprovalUpdate } from '../../../workflows/dag';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';
import { bundleFixtures, codecClient, keysJson, rawHistory, smokeDeps, startCodecRun, startCodecWorker, waitForApproval } from './codec-stack';

const run = promisify(execFile);
const TOKEN = 'codec-integration-token-0123456789';

/** `--output json` prints payloads with base64 data: the text of every payload, decoded from base64, besides the output itself. */
function shownText(output: string): string {
  const texts: string[] = [output];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.data === 'string' && record.metadata && typeof record.metadata === 'object')
        texts.push(Buffer.from(record.data, 'base64').toString('utf8'));
      Object.values(record).forEach(walk);
    }
  };
  try {
    walk(JSON.parse(output));
  } catch {
    // Not JSON (an error message): the text itself is what was shown.
  }
  return texts.join('\n');
}

const keyIdOf = (payload: { metadata?: Record<string, Uint8Array> | null } | null | undefined) =>
  Buffer.from(payload?.metadata?.['encryption-key-id'] ?? new Uint8Array()).toString('utf8');

describe('payloads encrypted by the client and the workers', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundle;
  let artifactsDir: string;
  let codecServer: RunningCodecServer;
  const keys = keysJson('2026-12', ['2026-11', '2026-12']);

  before(async () => {
    [env, bundle] = await Promise.all([startTemporalTestEnv(), bundleFixtures()]);
    artifactsDir = mkdtempSync(join(tmpdir(), 'codec-artifacts-'));
    codecServer = await startCodecServer({
      codec: new AesGcmPayloadCodec(loadPayloadKeyring({ PAYLOAD_KEYS: keys })!),
      port: 0,
      allowedOrigins: [],
      token: TOKEN,
    });
  });

  after(async () => {
    await codecServer?.close();
    await env?.teardown();
    if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
  });

  test('history read without the codec holds no param, approver or reason; the CLI with the codec server shows them', async () => {
    const taskQueue = uniqueTaskQueue('codec');
    const worker = await startCodecWorker(env, { bundle, deps: smokeDeps(artifactsDir), taskQueue, payloadKeys: keys });
    const secrets = { note: `note-${taskQueue}-x`, approver: `Approver ${taskQueue}`, reason: `reason ${taskQueue} holdout fine` };
    let workflowId: string;
    try {
      const client = codecClient(env, keys);
      const handle = await startCodecRun(client, taskQueue, secrets.note);
      workflowId = handle.workflowId;
      await waitForApproval(handle);
      await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ taskId: 'approve_promotion', decision: 'approve', by: secrets.approver, reason: secrets.reason }],
      });
      const result = await handle.result();
      // The values are in the run (the codec client reads them back) ...
      assert.equal(result.state, 'success');
      assert.deepEqual(result.tasks.approve_promotion?.output, { decision: 'approve', by: secrets.approver, reason: secrets.reason, timedOut: false });
    } finally {
      await worker.stop();
    }

    // ... but not in the history the server keeps.
    const { bytes, events } = await rawHistory(codecClient(env), workflowId);
    const raw = bytes.toString('latin1');
    for (const [what, value] of Object.entries(secrets)) assert.ok(!raw.includes(value), `the raw history contains the ${what} in plain text`);
    assert.ok(raw.includes('binary/encrypted'), 'payloads name their encoding');
    const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.equal(keyIdOf(started), '2026-12', 'the input is encrypted with the current key');

    const cli = locateTool('temporal');
    const common = ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--namespace', 'default', '--output', 'json'];
    const plain = await run(cli, common, { maxBuffer: 64 * 1024 * 1024 });
    for (const [what, value] of Object.entries(secrets))
      assert.ok(!shownText(plain.stdout).includes(value), `temporal workflow show without the codec shows the ${what}`);

    const refused = await run(cli, [...common, '--codec-endpoint', codecServer.url], { maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => r.stdout + r.stderr,
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
    for (const [what, value] of Object.entries(secrets))
      assert.ok(!shownText(refused).includes(value), `the codec server decoded the ${what} without the token`);
    // CLI 1.9.1 retries a refused codec call until its deadline, then reports "context deadline exceeded".
    assert.match(refused, /^Error: /m, 'the CLI fails when the codec server refuses it');

    const decoded = await run(cli, [...common, '--codec-endpoint', codecServer.url, '--codec-auth', `Bearer ${TOKEN}`], { maxBuffer: 64 * 1024 * 1024 });
    for (const [what, value] of Object.entries(secrets))
      assert.ok(shownText(decoded.stdout).includes(value), `temporal workflow show --codec-endpoint does not show the ${what}`);
  });

  test("a schedule created by a client with the codec stores its runs' arguments encrypted", async () => {
    const secretNote = `schedule-note-${uniqueTaskQueue('s')}`;
    const client = codecClient(env, keys);
    const scheduleId = `codec-schedule-${uniqueTaskQueue('s')}`;
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'codec_dag', taskQueue: 'unused-queue', args: [{ params: { secretNote } }] },
      state: { paused: true },
    });
    try {
      const raw = await codecClient(env).workflowService.describeSchedule({ namespace: 'default', scheduleId });
      const input = raw.schedule?.action?.startWorkflow?.input?.payloads?.[0];
      assert.equal(keyIdOf(input), '2026-12');
      assert.ok(!Buffer.from(temporal.api.workflowservice.v1.DescribeScheduleResponse.encode(raw).finish()).toString('latin1').includes(secretNote));
      const described = await handle.describe();
      assert.deepEqual(described.action.type === 'startWorkflow' ? described.action.args : undefined, [{ params: { secretNote } }]);
    } finally {
      await handle.delete();
    }
  });

  test('a run started before a key rotation completes on workers restarted with the new current key, which new payloads use', async () => {
    const taskQueue = uniqueTaskQueue('rotation');
    const before = keysJson('k1', ['k1']);
    const k1 = (JSON.parse(before) as { keys: { k1: string } }).keys.k1;
    const rotated = keysJson('k2', ['k1', 'k2'], { k1 });
    const deps = smokeDeps(artifactsDir);

    const oldWorker = await startCodecWorker(env, { bundle, deps, taskQueue, payloadKeys: before });
    let handle;
    try {
      handle = await startCodecRun(codecClient(env, before), taskQueue, 'before rotation');
      await waitForApproval(handle);
    } finally {
      await oldWorker.stop();
    }

    const newWorker = await startCodecWorker(env, { bundle, deps, taskQueue, payloadKeys: rotated });
    try {
      const client = codecClient(env, rotated);
      const rotatedHandle = client.workflow.getHandle(handle.workflowId);
      await rotatedHandle.executeUpdate(decideApprovalUpdate, {
        args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'ops', reason: 'after rotation' }],
      });
      const result = (await rotatedHandle.result()) as Awaited<ReturnType<typeof handle.result>>;
      assert.equal(result.state, 'success');
      assert.equal(result.tasks.sum_items?.output, 6);
    } finally {
      await newWorker.stop();
    }

    const { events } = await rawHistory(codecClient(env), handle.workflowId);
    assert.equal(keyIdOf(events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]), 'k1');
    const update = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)?.workflowExecutionUpdateAcceptedEventAttributes;
    assert.equal(keyIdOf(update?.acceptedRequest?.input?.args?.payloads?.[0]), 'k2', 'the approval sent after the rotation');
    const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes;
    assert.equal(keyIdOf(completed?.result?.payloads?.[0]), 'k2', 'the result written after the rotation');
  });
});
