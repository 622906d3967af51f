import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure } from '@temporalio/common';
import { failureType } from '../../workflows/dag/failures';

// The `error_type` label of factory_dag_task_failures_total: few values, taken from code, never from messages.
describe('failureType', () => {
  const activityFailure = (cause: Error) => new ActivityFailure('activity failed', 'trainModel', 'train_model', 'MAXIMUM_ATTEMPTS_REACHED', undefined, cause);

  test('names the innermost ApplicationFailure type, not its message', () => {
    assert.equal(failureType(activityFailure(ApplicationFailure.nonRetryable('only 12 rows for training', 'InsufficientData'))), 'InsufficientData');
  });

  test('names timeouts by their kind', () => {
    assert.equal(failureType(activityFailure(new TimeoutFailure('timed out', undefined, 'HEARTBEAT'))), 'timeout_HEARTBEAT');
  });

  test('tells cancellations and untyped errors apart', () => {
    assert.equal(failureType(new CancelledFailure('cancelled')), 'cancelled');
    assert.equal(failureType(ApplicationFailure.create({ message: 'no type' })), 'ApplicationFailure');
    assert.equal(failureType(new TypeError('x is undefined')), 'TypeError');
    assert.equal(failureType('a string'), 'unknown');
  });
});
