import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from '../../../activities';
import { createDriftActivities } from '../../../activities/drift';
import { sourceFailure } from '../../../activities/drift/measure-drift';
import { SourceConfigError, SourceNotFoundError } from '../../../lib/source';
import { DRIFT_FAILURE_TYPES, driftMonitorDag } from '../../../workflows/drift';

/** The type of the non-retryable ApplicationFailure a call throws (or returns, for sourceFailure). */
async function failureType(fn: () => unknown): Promise<string | undefined> {
  let failure: unknown;
  try {
    failure = await fn();
  } catch (err) {
    failure = err;
  }
  assert.ok(failure instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(failure)}`);
  assert.equal(failure.nonRetryable, true);
  return failure.type ?? undefined;
}

// Regression: the DAG once listed SourceConfigError and SourceNotFoundError, names nothing threw,
// so a bad source config was retried three times instead of failing at once.
test('drift_monitor lists as non-retryable exactly the failure types its activities throw', async () => {
  // Input validation runs before the deps are touched, so empty deps reach it.
  const activities = createDriftActivities({} as ActivityDeps);
  const thrown = new Set([
    await failureType(() => activities.measureDrift({} as never)),
    await failureType(() => activities.startRetraining({} as never)),
    await failureType(() => sourceFailure(new SourceConfigError('source.table: bad', ['table']))),
    await failureType(() => sourceFailure(new SourceNotFoundError('table "nope" does not exist', 'nope', []))),
  ]);
  assert.deepEqual([...thrown].sort(), Object.values(DRIFT_FAILURE_TYPES).sort());
  assert.deepEqual([...(driftMonitorDag.defaults.nonRetryableErrorTypes ?? [])].sort(), Object.values(DRIFT_FAILURE_TYPES).sort());
});

test('other errors pass through sourceFailure unchanged, so they stay retryable', () => {
  const transient = new Error('connection reset');
  assert.equal(sourceFailure(transient), transient);
});

test('every drift_monitor step has a heartbeat timeout', () => {
  assert.equal(driftMonitorDag.defaults.heartbeatTimeout, '1m');
});
