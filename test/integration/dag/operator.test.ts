import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { decideApprovalUpdate, failRunUpdate, getDagStateQuery, retryTaskUpdate, skipTaskUpdate } from '../../../workflows/dag';
import { DagTestHarness, eventually } from './harness';

const h = new DagTestHarness();
before(() => h.start());
after(() => h.stop());

type Handle = Awaited<
  ReturnType<
    Parameters<DagTestHarness['withWorker']>[0] extends (w: infer W) => unknown ? (W extends { start: (...a: never[]) => infer R } ? () => R : never) : never
  >
>;

async function stateOfTask(handle: Handle, taskId: string): Promise<string | undefined> {
  const state = await handle.query(getDagStateQuery);
  return state.tasks.find((t) => t.taskId === taskId)?.state;
}

/** Update validators reject with WorkflowUpdateFailedError; the validator's message is its cause. */
async function rejectsWith(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => assert.fail('expected the Update to be rejected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
  assert.match(String((err.cause as Error | undefined)?.message), message);
}

async function untilPaused(handle: Handle, taskId: string): Promise<void> {
  const s = await eventually(
    () => stateOfTask(handle, taskId),
    (x) => x === 'paused_on_failure',
  );
  assert.equal(s, 'paused_on_failure');
}

describe('operator control of a running DAG', () => {
  test('pauses a failed task, rejects a retry of a task that is not paused, then retries it to success', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('pause_dag', { params: { key: taskQueue } });
      await untilPaused(handle, 'fragile');
      const state = await handle.query(getDagStateQuery);
      assert.equal(state.status, 'paused');
      assert.equal(state.progress, '1/4 done · paused on failure: fragile');
      assert.equal(state.tasks.find((t) => t.taskId === 'fragile')?.error, 'TestFailure: failing call 1 of 1');
      await rejectsWith(handle.executeUpdate(retryTaskUpdate, { args: ['prepare'] }), /task "prepare" is not waiting for a decision \(state: success\)/);
      await rejectsWith(
        handle.executeUpdate(retryTaskUpdate, { args: ['nope'] }),
        /unknown task "nope"; tasks of this DAG: prepare, fragile, publish, cleanup/,
      );
      const status = await handle.executeUpdate(retryTaskUpdate, { args: ['fragile'] });
      assert.equal(status.state, 'running');
      assert.equal(status.tries, 2);
      const result = await handle.result();
      assert.equal(result.state, 'success');
      assert.deepEqual(result.tasks.fragile, { state: 'success', output: 2 });
      assert.equal(result.tasks.publish?.state, 'success');
    }));

  test('skips a paused task on request; its downstream is skipped and the run succeeds', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('pause_dag', { params: { key: taskQueue } });
      await untilPaused(handle, 'fragile');
      const status = await handle.executeUpdate(skipTaskUpdate, { args: ['fragile'] });
      assert.equal(status.state, 'skipped');
      const result = await handle.result();
      assert.equal(result.state, 'success');
      assert.equal(result.tasks.publish?.state, 'skipped');
      assert.equal(result.tasks.cleanup?.state, 'success');
    }));

  test('failRun stops a paused run as failed and still runs teardown', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('pause_dag', { params: { key: taskQueue } });
      await untilPaused(handle, 'fragile');
      await handle.executeUpdate(failRunUpdate);
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
      assert.equal(err.cause.message, 'DAG run failed: stopped by an operator');
      const state = await handle.query(getDagStateQuery);
      assert.deepEqual(
        state.tasks.map((t) => t.state),
        ['success', 'failed', 'upstream_failed', 'success'],
      );
    }));

  test('cancelling a run cancels its running task and still runs teardown', () =>
    h.withWorker(async ({ start, log }) => {
      const handle = await start('cancel_dag');
      await eventually(
        () => stateOfTask(handle, 'long_task'),
        (s) => s === 'running',
      );
      await new Promise((r) => setTimeout(r, 300));
      await handle.cancel();
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
      const state = await handle.query(getDagStateQuery);
      assert.equal(state.status, 'cancelled');
      assert.deepEqual(Object.fromEntries(state.tasks.map((t) => [t.taskId, [t.state, t.error]])), {
        long_task: ['failed', 'cancelled'],
        after_long: ['skipped', undefined],
        cleanup: ['success', undefined],
      });
      assert.deepEqual(log, [`cleanup ${handle.workflowId}`]);
    }));

  test('an approval waits for decideApproval, whose validator quotes bad values', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('approval_dag');
      await eventually(
        () => stateOfTask(handle, 'approve_promotion'),
        (s) => s === 'running',
      );
      await rejectsWith(
        handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'yes' as 'approve', by: 'ana' }] }),
        /decision must be "approve" or "reject" \(got "yes"\)/,
      );
      await rejectsWith(
        handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'evaluate', decision: 'approve', by: 'ana' }] }),
        /task "evaluate" is not an approval task \(kind: activity\)/,
      );
      const outcome = await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'ana', reason: 'metrics ok' }],
      });
      assert.deepEqual(outcome, { decision: 'approve', by: 'ana', reason: 'metrics ok', timedOut: false });
      const result = await handle.result();
      assert.equal(result.tasks.promote?.state, 'success');
    }));

  test('an approval nobody decides takes its default decision at the timeout', () =>
    h.withWorker(async ({ start }) => {
      const result = await (await start('approval_dag')).result();
      assert.deepEqual(result.tasks.approve_promotion?.output, { decision: 'reject', by: 'timeout', timedOut: true });
      assert.equal(result.tasks.promote?.state, 'skipped');
      assert.equal(result.state, 'success');
    }));
});
