import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withPendingActivities, type DagRunState } from '../../../common/dag';

const state: DagRunState = {
  dagId: 'd',
  workflowId: 'w',
  runId: 'r',
  logicalDate: '2025-01-06T03:00:00.000Z',
  logicalDateSource: 'input',
  runKind: 'manual',
  dagVersion: 1,
  status: 'running',
  progress: '1/3 done · running: train, report',
  segment: 0,
  counts: { success: 1, running: 2 },
  tasks: [
    { taskId: 'extract', kind: 'activity', state: 'success', tries: 1 },
    { taskId: 'train', kind: 'activity', state: 'running', tries: 1 },
    { taskId: 'report', kind: 'activity', state: 'running', tries: 1 },
  ],
};

describe('live view with pending activities', () => {
  test('shows a running task waiting for its next attempt as up_for_retry, with attempts and last error', () => {
    const live = withPendingActivities(state, [
      { activityId: 'train', attempt: 3, state: 'PENDING_ACTIVITY_STATE_SCHEDULED', lastFailureMessage: 'CUDA OOM' },
      { activityId: 'report', attempt: 1, state: 'PENDING_ACTIVITY_STATE_STARTED' },
    ]);
    assert.deepEqual(live.tasks[1], { taskId: 'train', kind: 'activity', state: 'up_for_retry', tries: 1, attempts: 3, error: 'CUDA OOM' });
    assert.equal(live.tasks[2]?.state, 'running');
  });

  test('keeps a retried task that is executing again as running, with its attempt', () => {
    const live = withPendingActivities(state, [{ activityId: 'train#2', attempt: 2, state: 'PENDING_ACTIVITY_STATE_STARTED' }]);
    assert.equal(live.tasks[1]?.state, 'running');
    assert.equal(live.tasks[1]?.attempts, 2);
  });
});
