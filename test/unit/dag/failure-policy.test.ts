import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { DagValidationError, findDagProblems, type DagSpec, type RunContext, type TaskSpec } from '../../../common/dag';
import { weeklyRetrainingDag } from '../../../workflows/retraining';
import { dag, noParams } from './fixtures';

const RUN: RunContext = {
  dagId: 'd',
  workflowId: 'w',
  runId: 'r',
  logicalDate: '2002-09-30T03:00:00.000Z',
  dataInterval: { start: '2002-09-29T03:00:00.000Z', end: '2002-09-30T03:00:00.000Z' },
  runKind: 'manual',
  logicalDateSource: 'input',
  dagVersion: 1,
  runScope: 'w/r',
};

describe("a task's own failure policy (onFailure, pauseTimeout)", () => {
  test('activity, map, sensor, child and sub-DAG tasks take onFailure "pause" with a constant or computed pauseTimeout', () => {
    const d = dag({ id: 'pausing', summary: 's', params: z.object({ wait: z.string() }) })
      .activity('a', { activity: 'noop', onFailure: 'pause', pauseTimeout: '1h' })
      .activity('b', { activity: 'noop', deps: ['a'], onFailure: 'pause', pauseTimeout: ({ params }) => params.wait })
      .activity('c', { activity: 'noop', deps: ['b'], onFailure: 'pause' })
      .activity('d', { activity: 'noop', deps: ['c'], onFailure: 'fail' })
      .sensor('e', { activity: 'poke', deps: ['d'], pokeInterval: '1s', timeout: '1m', input: () => ({ key: 'k', doneAfter: 1 }), onFailure: 'pause' })
      .build();
    const byId = (id: string): TaskSpec => d.tasks.find((t) => t.id === id)!;
    assert.deepEqual([byId('a').onFailure, byId('a').pauseTimeout], ['pause', '1h']);
    const computed = byId('b').pauseTimeout;
    assert.equal(typeof computed, 'function');
    assert.equal(typeof computed === 'function' ? computed({ params: { wait: '2d' }, upstream: {}, run: RUN }) : undefined, '2d');
    assert.equal(byId('c').pauseTimeout, undefined);
    assert.equal(byId('d').onFailure, 'fail');
    assert.equal(byId('e').onFailure, 'pause');
  });

  test('rejects, at compile time, a pause where it makes no sense and a pauseTimeout without a pause', () => {
    const b = dag({ id: 'wrong', summary: 's', params: noParams }).activity('a', { activity: 'noop' });
    // @ts-expect-error: a pauseTimeout needs onFailure "pause"
    b.activity('x', { activity: 'noop', pauseTimeout: '1h' });
    // @ts-expect-error: a pauseTimeout needs onFailure "pause", not "fail"
    b.activity('y', { activity: 'noop', onFailure: 'fail', pauseTimeout: '1h' });
    // @ts-expect-error: onFailure is "pause" or "fail"
    b.activity('z', { activity: 'noop', onFailure: 'retry' });
    // @ts-expect-error: an approval's failure is a rejection, decided by onReject
    b.approval('ok', { deps: ['a'], timeout: '1h', defaultDecision: 'reject', onFailure: 'pause' });
    // @ts-expect-error: a branch runs no work that could be fixed and retried
    b.branch('pick', { deps: ['a'], choose: () => 'a', onFailure: 'pause' });
    // @ts-expect-error: a teardown task never pauses: it runs whatever happened, to the end
    b.teardown('clean', { deps: ['a'], activity: 'noop', onFailure: 'pause' });
    // @ts-expect-error: pauseTimeout is a duration or a function of the run
    b.activity('w', { activity: 'noop', onFailure: 'pause', pauseTimeout: true });
    assert.ok(true);
  });

  test('validation names the task and the value for policies the types cannot see (specs written by hand)', () => {
    const base = dag({ id: 'by_hand', summary: 's', params: noParams }).activity('a', { activity: 'noop' }).build();
    const withTask = (task: Partial<TaskSpec>): DagSpec => ({ ...base, tasks: [{ ...base.tasks[0]!, ...task } as TaskSpec] });
    assert.deepEqual(findDagProblems(withTask({ onFailure: 'pause', pauseTimeout: 'soon' })), [
      'task "a": pauseTimeout "soon" is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"',
    ]);
    assert.deepEqual(findDagProblems(withTask({ pauseTimeout: '1h' })), ['task "a": pauseTimeout needs onFailure "pause" (got onFailure "unset")']);
    assert.deepEqual(findDagProblems(withTask({ onFailure: 'pause', teardown: true })), [
      'task "a": onFailure "pause" applies to activity, map, sensor and child workflow tasks, not a teardown task',
    ]);
    assert.deepEqual(findDagProblems(withTask(JSON.parse('{"onFailure":"later"}') as Partial<TaskSpec>)), [
      'task "a": onFailure must be "pause" or "fail" (got "later")',
    ]);
    assert.throws(
      () => dag({ id: 'bad_timeout', summary: 's', params: noParams }).activity('a', { activity: 'noop', onFailure: 'pause', pauseTimeout: 0 }).build(),
      (err: unknown) => err instanceof DagValidationError && /task "a": pauseTimeout 0 is not a duration/.test(err.message),
    );
  });

  test('weekly_retraining pauses the steps a person can fix (extract, validate, train, evaluate) for params.pauseTimeout, and nothing else', () => {
    const pausing = weeklyRetrainingDag.tasks.filter((t) => t.onFailure === 'pause').map((t) => t.id);
    assert.deepEqual(pausing, ['extract_events', 'validate_dataset', 'train_model', 'evaluate_model']);
    const parsed = weeklyRetrainingDag.params.parse({});
    assert.equal((parsed as { pauseTimeout: string }).pauseTimeout, '1d');
    const timeout = weeklyRetrainingDag.tasks.find((t) => t.id === 'train_model')!.pauseTimeout;
    assert.equal(typeof timeout === 'function' ? timeout({ params: { ...parsed, pauseTimeout: '3h' }, upstream: {}, run: RUN }) : timeout, '3h');
    const refused = weeklyRetrainingDag.params.safeParse({ pauseTimeout: '100d' });
    assert.equal(refused.success, false);
    // Who may decide the manual approval: anyone unless the run names approvers.
    assert.deepEqual((parsed as { approvers: string[] }).approvers, []);
    const approvers = weeklyRetrainingDag.tasks.find((t) => t.id === 'approve_promotion');
    assert.ok(approvers?.kind === 'approval' && approvers.approvers, 'approve_promotion reads params.approvers');
    assert.deepEqual(approvers.approvers({ params: { ...parsed, approvers: ['alice'] }, upstream: {}, run: RUN }), ['alice']);
  });
});
