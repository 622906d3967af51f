import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import { createFactoryClient, type FactoryClient, type RunView } from '../../../client';
import type { TaskStatus } from '../../../common/dag';
import { DagTestHarness, eventually } from '../dag/harness';
import { factory } from './factory-process';

// The operator verbs as people type them (child processes), against a real dev server running the
// DAG engine's fixtures: pause_dag pauses its `fragile` task after one failure. Each test has its
// own worker, queue and workflow ids.
const h = new DagTestHarness();
let client: FactoryClient;
let env: Record<string, string>;

before(async () => {
  await h.start();
  client = await createFactoryClient({ client: h.env.client });
  env = { TEMPORAL_ADDRESS: h.env.address, TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'warn' };
});
after(async () => {
  await client?.close();
  await h.stop();
});

async function paused(workflowId: string): Promise<RunView> {
  const view = await eventually(
    () => client.getRun(workflowId),
    (v) => v.status === 'paused',
    120_000,
  );
  assert.equal(view.status, 'paused', `${workflowId} did not pause: ${view.progress}`);
  return view;
}

describe('factory retry, skip and fail-run on a task paused on failure', () => {
  test('retry runs the paused task again and the run succeeds; retrying a task that is not paused is refused (exit 1)', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const { workflowId } = await start('pause_dag', { params: { key: `${taskQueue}-retry` } }, `cli-retry-${taskQueue}`);
      await paused(workflowId);
      const notPaused = await factory(['retry', workflowId, 'prepare'], env);
      assert.deepEqual(notPaused, {
        code: 1,
        stdout: '',
        stderr: `error: run "${workflowId}" refused retryTask task "prepare": task "prepare" is not waiting for a decision (state: success)\n`,
      });
      const retried = await factory(['retry', workflowId, 'fragile', '--json'], env);
      assert.equal(retried.code, 0, retried.stderr);
      const status = JSON.parse(retried.stdout) as TaskStatus;
      assert.deepEqual([status.taskId, status.state, status.tries], ['fragile', 'running', 2]);
      const done = await client.waitForRun(workflowId, { timeoutMs: 120_000 });
      assert.deepEqual([done.status, done.outcome], ['success', 'succeeded']);
    }));

  test('skip marks the paused task skipped; its downstream is skipped and the teardown still runs', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const { workflowId } = await start('pause_dag', { params: { key: `${taskQueue}-skip` } }, `cli-skip-${taskQueue}`);
      await paused(workflowId);
      assert.deepEqual(await factory(['skip', workflowId, 'fragile'], env), { code: 0, stdout: `${workflowId}: fragile skipped\n`, stderr: '' });
      const done = await client.waitForRun(workflowId, { timeoutMs: 120_000 });
      assert.deepEqual(Object.fromEntries(done.tasks.map((t) => [t.taskId, t.state])), {
        prepare: 'success',
        fragile: 'skipped',
        publish: 'skipped',
        cleanup: 'success',
      });
    }));

  test('fail-run stops the paused run as failed by an operator; a second fail-run is refused because the run has ended', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const { workflowId } = await start('pause_dag', { params: { key: `${taskQueue}-fail` } }, `cli-fail-${taskQueue}`);
      await paused(workflowId);
      const stopped = await factory(['fail-run', workflowId], env);
      assert.deepEqual(stopped, { code: 0, stdout: `${workflowId}: stopping as failed; \`factory status ${workflowId}\` follows it\n`, stderr: '' });
      const done = await client.waitForRun(workflowId, { timeoutMs: 120_000 });
      assert.deepEqual([done.status, done.outcome, done.outcomeReason], ['failed', 'failed', 'DAG run failed: stopped by an operator']);
      const again = await factory(['fail-run', workflowId], env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^error: run ".*" refused failRun: the run has ended \(FAILED\)/);
      const unknown = await factory(['retry', `no-such-run-${taskQueue}`, 'fragile'], env);
      assert.equal(unknown.code, 3, unknown.stderr);
    }));
});

describe('factory backfill', () => {
  // dag_smoke_test keys its runs by logical date; no worker polls its queue here, so the runs
  // stay open: what is tested is which runs start, with which input.
  const range = ['--from', '1999-03-01', '--to', '1999-03-08T00:00:00Z', '--param', 'count=2'];
  const ids = ['dag_smoke_test/1999-03-01T00:00:00.000Z', 'dag_smoke_test/1999-03-08T00:00:00.000Z'];

  async function executions(workflowId: string): Promise<number> {
    let n = 0;
    for await (const _ of h.env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) n++;
    return n;
  }

  test('--dry-run lists the two weeks and starts nothing; the backfill then starts both with run kind backfill, once', async () => {
    const dry = await factory(['backfill', 'dag_smoke_test', ...range, '--dry-run', '--json'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(
      (JSON.parse(dry.stdout) as { runs: { workflowId: string }[] }).runs.map((r) => r.workflowId),
      ids,
    );
    for (const id of ids) await assert.rejects(h.env.client.workflow.getHandle(id).describe(), /not found/i, `${id} was not started by --dry-run`);

    const started = await factory(['backfill', 'dag_smoke_test', ...range], env);
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual(
      started.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/ {2,}/)),
      ids.map((id) => [id, id.slice('dag_smoke_test/'.length), 'started']),
    );
    for (const id of ids) {
      const history = await h.env.client.workflow.getHandle(id).fetchHistory();
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      assert.ok(payload, `${id} has a start input`);
      assert.deepEqual(defaultPayloadConverter.fromPayload(payload), {
        params: { count: 2 },
        logicalDate: id.slice('dag_smoke_test/'.length),
        runKind: 'backfill',
      });
    }

    const again = await factory(['backfill', 'dag_smoke_test', ...range, '--json'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      (JSON.parse(again.stdout) as { runs: { outcome: string }[] }).runs.map((r) => r.outcome),
      ['exists', 'exists'],
    );
    for (const id of ids) {
      await eventually(
        () => executions(id),
        (n) => n === 1,
        30_000,
      );
      assert.equal(await executions(id), 1, `${id} has one execution`);
      await h.env.client.workflow.getHandle(id).terminate('backfill test done');
    }
  });
});
