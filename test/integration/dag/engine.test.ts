import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DagRunResult } from '../../../common/dag';
import { getDagStateQuery } from '../../../workflows/dag';
import { DagTestHarness } from './harness';

const h = new DagTestHarness();
before(() => h.start());
after(() => h.stop());

function stateOf(result: DagRunResult): Record<string, string> {
  return Object.fromEntries(Object.entries(result.tasks).map(([id, t]) => [id, t.state]));
}

/** The ApplicationFailure a failed run ended with. */
async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => assert.fail('expected the run to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, String(err));
  assert.ok(err.cause instanceof ApplicationFailure, String(err.cause));
  return err.cause;
}

describe('DAG engine on a real Temporal server', () => {
  test('passes typed outputs downstream and returns every task state and small output', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('linear_dag', { params: { start: 5 }, logicalDate: '2025-01-06T03:00:00Z' });
      const result = await handle.result();
      assert.equal(result.state, 'success');
      assert.deepEqual(result.tasks, {
        first: { state: 'success', output: 5 },
        second: { state: 'success', output: 6 },
        third: { state: 'success', output: 11 },
      });
      assert.equal(result.logicalDate, '2025-01-06T03:00:00.000Z');
    }));

  test('sets DagId, ModelName, LogicalDate and RunKind search attributes on the run', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('params_dag', { params: { modelName: 'spam', epochs: 2 }, logicalDate: '2025-01-06T03:00:00Z', runKind: 'backfill' });
      await handle.result();
      const sa = (await handle.describe()).searchAttributes;
      assert.deepEqual(sa.DagId, ['params_dag']);
      assert.deepEqual(sa.ModelName, ['spam']);
      assert.deepEqual(sa.RunKind, ['backfill']);
      assert.equal((sa.LogicalDate?.[0] as Date).toISOString(), '2025-01-06T03:00:00.000Z');
    }));

  test('follows the chosen branch, skips the other and joins with none_failed_min_one_success', () =>
    h.withWorker(async ({ start }) => {
      const result = await (await start('branch_dag', { params: { path: 'left' } })).result();
      assert.deepEqual(stateOf(result), {
        start: 'success',
        choose_path: 'success',
        left: 'success',
        right: 'skipped',
        after_right: 'skipped',
        join: 'success',
        strict_join: 'skipped',
      });
      assert.deepEqual(result.tasks.choose_path?.output, ['left']);
    }));

  test('maps over an upstream list with at most maxConcurrency items at once, then reduces', () =>
    h.withWorker(async ({ start, tracker }) => {
      const result = await (await start('mapped_dag', { params: { count: 8, sleepMs: 200 } })).result();
      assert.equal(tracker.max, 3);
      assert.deepEqual(result.tasks.double?.output, [2, 4, 6, 8, 10, 12, 14, 16]);
      assert.equal(result.tasks.total?.output, 72);
    }));

  test('retries a flaky task with backoff and then succeeds', () =>
    h.withWorker(async ({ start }) => {
      const began = Date.now();
      const result = await (await start('retry_dag', { params: { failures: 2 } })).result();
      assert.equal(result.tasks.flaky_step?.output, 3, 'succeeded on the third attempt');
      assert.ok(Date.now() - began >= 600, 'waited 200ms then 400ms between attempts');
    }));

  test('fails the run with the attempts count when retries run out', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('retry_dag', { params: { failures: 10 } });
      const failure = await failureOf(handle.result());
      assert.equal(failure.type, 'DagRunFailed');
      assert.match(failure.message, /flaky_step \(Error: flaky failure on attempt 4\)|flaky_step \(flaky failure on attempt 4\)/);
      const state = await handle.query(getDagStateQuery);
      const flaky = state.tasks.find((t) => t.taskId === 'flaky_step');
      assert.equal(flaky?.attempts, 4);
      assert.equal(state.tasks.find((t) => t.taskId === 'after')?.state, 'upstream_failed');
    }));

  test('fails a task that runs past its startToCloseTimeout', () =>
    h.withWorker(async ({ start }) => {
      const failure = await failureOf((await start('timeout_dag')).result());
      assert.equal(failure.message, 'DAG run failed: failed tasks: slow (timeout: START_TO_CLOSE)');
    }));

  test('applies trigger rules after one failed and one successful upstream', () =>
    h.withWorker(async ({ start }) => {
      const failure = await failureOf((await start('rules_dag')).result());
      const summary = failure.details?.[0] as DagRunResult;
      assert.deepEqual(stateOf(summary), {
        ok: 'success',
        broken: 'failed',
        all_success: 'upstream_failed',
        one_failed: 'success',
        all_done: 'success',
        none_failed: 'upstream_failed',
        one_success: 'success',
        all_failed: 'success',
      });
    }));

  test('fails at once with every bad param listed and starts no activity', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('params_dag', { params: { epochs: 'ten' } });
      const failure = await failureOf(handle.result());
      assert.equal(failure.type, 'InvalidDagParams');
      assert.equal(failure.nonRetryable, true);
      assert.equal(
        failure.message,
        'params of DAG "params_dag" are invalid:\n  - params.modelName: expected string, got nothing\n  - params.epochs: expected number, got "ten"',
      );
      const history = await handle.fetchHistory();
      assert.ok(!history.events?.some((e) => e.activityTaskScheduledEventAttributes), 'no activity was scheduled');
    }));

  test('fails a task whose output is over the size limit, telling the author to pass a URI', () =>
    h.withWorker(async ({ start }) => {
      const failure = await failureOf((await start('size_dag')).result());
      assert.equal(
        failure.message,
        'DAG run failed: failed tasks: too_big (DagTaskOutputTooLarge: task "too_big" returned 300 KiB, over the 256 KiB limit for outputs passed downstream by value; store the data as an artifact and return its URI instead)',
      );
    }));

  test('a sensor pokes until its condition holds; a soft-fail sensor is skipped at its timeout', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const result = await (await start('sensor_dag', { params: { key: taskQueue } })).result();
      assert.deepEqual(stateOf(result), { wait_for_data: 'success', wait_forever: 'skipped', after_data: 'success', after_forever: 'skipped' });
    }));

  test('limits tasks running at once to maxActiveTasks', () =>
    h.withWorker(async ({ start, tracker }) => {
      await (await start('pool_dag')).result();
      assert.equal(tracker.max, 2);
    }));

  test('runs another DAG as a child workflow and passes its result downstream', () =>
    h.withWorker(async ({ start }) => {
      const result = await (await start('sub_dag_parent')).result();
      assert.equal(result.tasks.after_group?.output, 21);
    }));

  test('answers the state Query with states, tries, timings and progress while running', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('mapped_dag', { params: { count: 6, sleepMs: 400 } });
      let state = await handle.query(getDagStateQuery);
      for (let i = 0; i < 50 && state.tasks[1]?.state !== 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await handle.query(getDagStateQuery);
      }
      assert.equal(state.status, 'running');
      assert.match(state.progress, /^1\/4 done · running: slow_items$/);
      const list = state.tasks[0]!;
      assert.equal(list.state, 'success');
      assert.equal(list.tries, 1);
      assert.ok(list.startedAt! <= list.endedAt!);
      assert.deepEqual(list.output, [1, 2, 3, 4, 5, 6]);
      assert.equal(state.tasks[1]?.mapped?.total, 6);
      await handle.result();
      const done = await handle.query(getDagStateQuery);
      assert.equal(done.status, 'success');
      assert.equal(done.progress, '4/4 done');
    }));
});
