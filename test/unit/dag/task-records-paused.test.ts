import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDag, TaskRecords } from '../../../common/dag';
import { dag, noParams } from './fixtures';

const compiled = compileDag(
  dag({ id: 'records', summary: 's', params: noParams })
    .activity('a', { activity: 'noop', onFailure: 'pause', pauseTimeout: '1h' })
    .activity('b', { activity: 'noop', deps: ['a'] })
    .build(),
);

test('a paused task shows the operator actions and its deadline, in epoch ms and ISO', () => {
  const records = new TaskRecords(compiled);
  records.paused.set(0, {
    actions: ['retryTask', 'skipTask', 'failRun'],
    deadline: Date.parse('2026-12-03T03:00:00Z'),
    deadlineAt: '2026-12-03T03:00:00.000Z',
  });
  assert.deepEqual(records.status(0, 'paused_on_failure').paused, {
    actions: ['retryTask', 'skipTask', 'failRun'],
    deadline: Date.parse('2026-12-03T03:00:00Z'),
    deadlineAt: '2026-12-03T03:00:00.000Z',
  });
  // Only while paused; a task of a DAG-level pause (no deadline) still shows what can be done.
  assert.equal(records.status(0, 'running').paused, undefined);
  assert.deepEqual(records.status(1, 'paused_on_failure').paused, { actions: ['retryTask', 'skipTask', 'failRun'] });
});

test('continue-as-new carries a pause deadline to the next segment', () => {
  const records = new TaskRecords(compiled);
  const deadline = Date.parse('2026-12-03T03:00:00Z');
  records.paused.set(0, { actions: ['retryTask', 'skipTask', 'failRun'], deadline, deadlineAt: new Date(deadline).toISOString() });
  const carried = records.carry(() => false);
  assert.deepEqual(carried.pauseDeadlines, { a: deadline });
  const next = new TaskRecords(compiled, carried);
  assert.equal(next.paused.get(0)?.deadline, deadline);
  assert.equal(next.paused.get(0)?.deadlineAt, '2026-12-03T03:00:00.000Z');
  // Nothing paused: nothing carried, as in chains recorded before pauses had deadlines.
  assert.equal(new TaskRecords(compiled).carry(() => false).pauseDeadlines, undefined);
});
