import { compileRetryPolicy } from '@temporalio/common';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityOptions } from '@temporalio/workflow';
import { findDagProblems, type DagSpec } from '../../../common/dag';
import { RESUMABLE_STEP_RETRIES, STORAGE_STEP_RETRIES } from '../../../common/retry-policies';
import { activityOptions, mergedOptions } from '../../../workflows/dag/activity-options';
import { dag, noParams } from './fixtures';

const NON_RETRYABLE = ['InvalidInput', 'DatasetInvalid', 'NonFiniteLoss', 'UnknownModelVersion'];

// The shape weekly_retraining uses: storage retries as the defaults, train_model resumable.
const retraining = dag({
  id: 'retry_policies',
  summary: 's',
  params: noParams,
  defaults: { ...STORAGE_STEP_RETRIES, startToCloseTimeout: '15m', heartbeatTimeout: '30s', nonRetryableErrorTypes: NON_RETRYABLE },
})
  .activity('extract_events', { activity: 'noop' })
  .activity('train_model', { deps: ['extract_events'], activity: 'noop', queue: 'gpu', startToCloseTimeout: '2h', ...RESUMABLE_STEP_RETRIES })
  .build();

function optionsOf(spec: DagSpec, taskId: string): ActivityOptions {
  const task = spec.tasks.find((t) => t.id === taskId);
  assert.ok(task, `no task ${taskId}`);
  return activityOptions(mergedOptions(spec, task), 'q', `${taskId}:1`, taskId);
}

/** Sum of the waits Temporal's RetryPolicy puts between attempts (it adds no jitter). */
function totalBackoffMs(retry: NonNullable<ActivityOptions['retry']>): number {
  const { initialInterval, backoffCoefficient, maximumInterval, maximumAttempts } = retry;
  assert.ok(typeof initialInterval === 'number' && typeof maximumInterval === 'number' && backoffCoefficient !== undefined);
  assert.ok(maximumAttempts !== undefined && maximumAttempts > 0, 'a bounded policy');
  let total = 0;
  for (let retryNumber = 1; retryNumber < maximumAttempts; retryNumber++) {
    total += Math.min(initialInterval * backoffCoefficient ** (retryNumber - 1), maximumInterval);
  }
  return total;
}

describe('retry policies', () => {
  test('a storage step keeps retrying for at least two minutes of outage', () => {
    const retry = optionsOf(retraining, 'extract_events').retry!;
    assert.equal(retry.maximumAttempts, 11);
    assert.equal(totalBackoffMs(retry), 210_000);
    assert.ok(totalBackoffMs(retry) >= 120_000);
    assert.deepEqual(retry.nonRetryableErrorTypes, NON_RETRYABLE);
  });

  test('train_model retries without a count until its schedule-to-close deadline', () => {
    const options = optionsOf(retraining, 'train_model');
    assert.equal(options.retry?.maximumAttempts, Number.POSITIVE_INFINITY);
    // What the SDK sends: it refuses 0 and drops Infinity, the server's "no limit".
    assert.equal(compileRetryPolicy(options.retry!).maximumAttempts, undefined);
    assert.equal(options.scheduleToCloseTimeout, 6 * 3_600_000);
    assert.equal(options.startToCloseTimeout, 2 * 3_600_000);
    assert.deepEqual(options.retry?.nonRetryableErrorTypes, NON_RETRYABLE);
  });

  test('a numeric retries still maps to retries + 1 attempts with the same backoff fields', () => {
    const spec = dag({ id: 'numeric', summary: 's', params: noParams, defaults: { retries: 3, backoff: { initial: '2s', coefficient: 2, maximum: '1m' } } })
      .activity('a', { activity: 'noop' })
      .build();
    assert.deepEqual(optionsOf(spec, 'a').retry, {
      maximumAttempts: 4,
      initialInterval: 2_000,
      backoffCoefficient: 2,
      maximumInterval: 60_000,
      nonRetryableErrorTypes: [],
    });
  });

  test('refuses unlimited retries without a schedule-to-close deadline', () => {
    const builder = dag({ id: 'unbounded', summary: 's', params: noParams, defaults: { retries: 'unlimited' } })
      .activity('a', { activity: 'noop' })
      .activity('b', { activity: 'noop', scheduleToCloseTimeout: '1h' })
      .activity('c', { activity: 'noop', retries: 2 });
    assert.throws(() => builder.build(), {
      message: [
        'DAG "unbounded" is invalid:',
        '  - task "a": retries "unlimited" (from the DAG defaults) needs a scheduleToCloseTimeout, on the task or in the DAG defaults, to bound the retries (for example scheduleToCloseTimeout: "6h")',
      ].join('\n'),
    });
  });

  test('names the task and the value for retries that are neither a count nor "unlimited"', () => {
    const spec = { ...retraining, tasks: retraining.tasks.map((t) => (t.id === 'train_model' ? { ...t, retries: 'forever' as never } : t)) };
    assert.deepEqual(findDagProblems(spec), ['task "train_model": retries must be a whole number ≥ 0 or "unlimited" (got "forever")']);
  });
});
