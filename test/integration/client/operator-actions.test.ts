import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFactoryClient, RunActionRefusedError, RunWaitTimeoutError, type FactoryClient, type RunView } from '../../../client';
import { DagTestHarness, eventually } from '../dag/harness';

// The engine's operator actions through the client, on the DAG engine's test fixtures (a DAG that
// pauses on failure, a long task with a teardown): fast, and each test has its own worker and queue.
const h = new DagTestHarness();
let factory: FactoryClient;

before(async () => {
  await h.start();
  factory = await createFactoryClient({ client: h.env.client });
});
after(async () => {
  await factory?.close();
  await h.stop();
});

async function untilStatus(workflowId: string, ok: (v: RunView) => boolean): Promise<RunView> {
  const view = await eventually(() => factory.getRun(workflowId), ok, 60_000);
  assert.ok(ok(view), `run ${workflowId} did not get there: ${view.status} · ${view.progress}`);
  return view;
}

async function refused(promise: Promise<unknown>): Promise<RunActionRefusedError> {
  const err = await promise.then(
    () => assert.fail('expected the run to refuse'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RunActionRefusedError, String(err));
  return err;
}

describe('operator actions through the client', () => {
  test('retryTask and skipTask act on a task paused on failure; a task that is not paused is refused with the run’s reason', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const retried = await start('pause_dag', { params: { key: `${taskQueue}-retry` } }, `pause-retry-${taskQueue}`);
      await untilStatus(retried.workflowId, (v) => v.status === 'paused');
      const notPaused = await refused(factory.retryTask(retried.workflowId, 'prepare'));
      assert.equal(
        notPaused.message,
        `run "${retried.workflowId}" refused retryTask task "prepare": task "prepare" is not waiting for a decision (state: success)`,
      );
      assert.deepEqual([notPaused.action, notPaused.taskId], ['retryTask', 'prepare']);
      const status = await factory.retryTask(retried.workflowId, 'fragile');
      assert.deepEqual([status.state, status.tries], ['running', 2]);
      const done = await factory.waitForRun(retried.workflowId);
      assert.deepEqual([done.status, done.outcome], ['success', 'succeeded']);

      const skipped = await start('pause_dag', { params: { key: `${taskQueue}-skip` } }, `pause-skip-${taskQueue}`);
      await untilStatus(skipped.workflowId, (v) => v.status === 'paused');
      assert.equal((await factory.skipTask(skipped.workflowId, 'fragile')).state, 'skipped');
      const after = await factory.waitForRun(skipped.workflowId);
      assert.deepEqual(Object.fromEntries(after.tasks.map((t) => [t.taskId, t.state])), {
        prepare: 'success',
        fragile: 'skipped',
        publish: 'skipped',
        cleanup: 'success',
      });
    }));

  test('failRun and cancelRun stop a run, with the outcome to match; an ended run refuses them', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const failing = await start('pause_dag', { params: { key: `${taskQueue}-fail` } }, `pause-fail-${taskQueue}`);
      await untilStatus(failing.workflowId, (v) => v.status === 'paused');
      await factory.failRun(failing.workflowId);
      const failed = await factory.waitForRun(failing.workflowId);
      assert.deepEqual([failed.status, failed.outcome, failed.outcomeReason], ['failed', 'failed', 'DAG run failed: stopped by an operator']);
      assert.match((await refused(factory.failRun(failing.workflowId))).reason, /^the run has ended \(FAILED\)/);

      const cancelling = await start('cancel_dag');
      await untilStatus(cancelling.workflowId, (v) => v.tasks.some((t) => t.taskId === 'long_task' && t.state === 'running'));
      await factory.cancelRun(cancelling.workflowId);
      const cancelled = await factory.waitForRun(cancelling.workflowId);
      assert.deepEqual([cancelled.status, cancelled.outcome], ['cancelled', 'cancelled']);
      assert.match((await refused(factory.cancelRun(cancelling.workflowId))).message, /refused cancelRun: the run has ended \(CANCELLED\)/);
    }));

  test('waitForRun gives up after timeoutMs with RunWaitTimeoutError and stops when its signal aborts; the run goes on', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('cancel_dag');
      const id = handle.workflowId;
      const timedOut = await factory.waitForRun(id, { timeoutMs: 500 }).then(
        () => assert.fail('the run cannot have closed'),
        (e: unknown) => e,
      );
      assert.ok(timedOut instanceof RunWaitTimeoutError, String(timedOut));
      assert.deepEqual([timedOut.workflowId, timedOut.timeoutMs], [id, 500]);

      const controller = new AbortController();
      const reason = new Error('the caller went away');
      const aborted = factory.waitForRun(id, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 300);
      await assert.rejects(aborted, (err: unknown) => err === reason);
      await assert.rejects(factory.waitForRun(id, { signal: AbortSignal.abort(reason), timeoutMs: 60_000 }), (err: unknown) => err === reason);

      assert.equal((await factory.getRun(id)).closed, false);
      await factory.cancelRun(id);
      assert.equal((await factory.waitForRun(id, { timeoutMs: 60_000 })).outcome, 'cancelled');
    }));
});
