import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFactoryClient, type FactoryClient } from '../../../../client';
import { act, runDetail, type ConsoleDeps, type RunDetail } from '../../../../console/views';
import { LocalArtifactStore } from '../../../../lib/artifacts';
import { DagTestHarness, eventually } from '../../dag/harness';

// Operator actions from the console on the engine's pause fixture (a DAG with onTaskFailure
// 'pause' whose `fragile` task fails once): fast, each test with its own worker and queue.
const h = new DagTestHarness();
const ana = { name: 'ana', via: 'console' } as const;
let client: FactoryClient;
let deps: ConsoleDeps;
let folder: string;

before(async () => {
  await h.start();
  client = await createFactoryClient({ client: h.env.client });
  folder = mkdtempSync(join(tmpdir(), 'console-operator-'));
  deps = { client, registry: client, artifacts: new LocalArtifactStore(folder), temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' };
});
after(async () => {
  await client?.close();
  await h.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function untilDetail(workflowId: string, ok: (d: RunDetail) => boolean): Promise<RunDetail> {
  const detail = await eventually(() => runDetail(deps, workflowId), ok, 60_000);
  assert.ok(ok(detail), `run ${workflowId} did not get there: ${detail.progress}`);
  return detail;
}

describe('operator actions from the console', () => {
  test('a paused task offers retry and skip; retry runs it again and the run page shows the second try', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('pause_dag', { params: { key: `${taskQueue}-retry` } });
      const paused = await untilDetail(handle.workflowId, (d) => d.states.fragile === 'paused_on_failure');
      const fragile = paused.tasks.find((t) => t.id === 'fragile')!;
      assert.deepEqual(fragile.actions, ['retry', 'skip']);
      assert.equal(fragile.error, 'TestFailure: failing call 1 of 1');
      assert.deepEqual(paused.tasks.find((t) => t.id === 'prepare')!.actions, []);
      assert.deepEqual(paused.runActions, ['fail-run']);

      // A task that is not paused: the engine's refusal, in its words.
      const refused = await act(deps, { kind: 'retry', workflowId: handle.workflowId, taskId: 'prepare' }, ana);
      assert.equal(refused.ok, false);
      assert.match(refused.message, /task "prepare" is not waiting for a decision \(state: success\)/);

      assert.deepEqual(await act(deps, { kind: 'retry', workflowId: handle.workflowId, taskId: 'fragile' }, ana), {
        ok: true,
        message: 'fragile runs again (try 2, running); retried by ana',
      });
      await handle.result();
      const done = await runDetail(deps, handle.workflowId);
      assert.equal(done.closed, true);
      assert.equal(done.meta.outcome.kind, 'succeeded');
      const retried = done.tasks.find((t) => t.id === 'fragile')!;
      assert.deepEqual([retried.state, retried.tries, retried.actions], ['success', 2, []]);
      assert.ok(retried.startedAt && retried.endedAt, JSON.stringify(retried));
      assert.deepEqual(done.runActions, []);
    }));

  test('fail run stops a paused run as failed; a second one is refused', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('pause_dag', { params: { key: `${taskQueue}-fail` } });
      await untilDetail(handle.workflowId, (d) => d.states.fragile === 'paused_on_failure');
      assert.deepEqual(await act(deps, { kind: 'fail-run', workflowId: handle.workflowId }, ana), {
        ok: true,
        message: 'the run is stopping as failed; failed by ana',
      });
      await handle.result().catch(() => undefined);
      const done = await runDetail(deps, handle.workflowId);
      assert.equal(done.meta.outcome.kind, 'failed');
      assert.match(done.meta.outcome.text, /^failed: .*stopped by an operator/);
      const again = await act(deps, { kind: 'fail-run', workflowId: handle.workflowId }, ana);
      assert.equal(again.ok, false);
      assert.match(again.message, /the run has ended \(FAILED\)/);
    }));
});
