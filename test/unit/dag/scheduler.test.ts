import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDag, DagScheduler, runOutcome, type DagDefinition, type TaskOutcome } from '../../../common/dag';
import { dag, noParams, statesById } from './fixtures';

/** Drives a scheduler like the runtime would: outcomes by task id, unknown ones succeed. */
function drive(definition: DagDefinition, outcomes: Record<string, TaskOutcome> = {}) {
  const compiled = compileDag(definition);
  const s = new DagScheduler(compiled);
  const order: string[] = [];
  for (let i = s.takeReady(); i !== undefined || s.running.size > 0; i = s.takeReady()) {
    if (i === undefined) break;
    const id = compiled.tasks[i]!.id;
    order.push(id);
    s.complete(i, outcomes[id] ?? { state: 'success' });
  }
  return {
    order,
    states: statesById(
      compiled.tasks.map((t) => t.id),
      s.states,
    ),
    s,
    compiled,
  };
}

const diamond = dag({ id: 'diamond', summary: 'branch then join', params: noParams })
  .activity('extract', { activity: 'noop' })
  .branch('pick', { deps: ['extract'], choose: () => 'fast' })
  .activity('fast', { activity: 'noop', deps: ['pick'] })
  .activity('slow', { activity: 'noop', deps: ['pick'] })
  .activity('after_slow', { activity: 'noop', deps: ['slow'] })
  .activity('join', { activity: 'noop', deps: ['fast', 'after_slow'], triggerRule: 'none_failed_min_one_success' })
  .activity('strict_join', { activity: 'noop', deps: ['fast', 'after_slow'] })
  .teardown('cleanup', { activity: 'noop', deps: ['join', 'strict_join'] })
  .build();

describe('DagScheduler', () => {
  test('runs a linear DAG in dependency order and succeeds', () => {
    const linear = dag({ id: 'linear', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .activity('b', { activity: 'noop', deps: ['a'] })
      .activity('c', { activity: 'noop', deps: ['b'] })
      .build();
    const { order, s, compiled } = drive(linear);
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.ok(s.isFinished);
    assert.equal(runOutcome(compiled, s.states), 'success');
  });

  test('skips branches not taken and propagates the skip until a none_failed_min_one_success join', () => {
    const { states, order } = drive(diamond, { pick: { state: 'success', skipChildren: ['slow'] } });
    assert.deepEqual(order, ['extract', 'pick', 'fast', 'join', 'cleanup']);
    assert.equal(states.slow, 'skipped');
    assert.equal(states.after_slow, 'skipped');
    assert.equal(states.join, 'success');
    assert.equal(states.strict_join, 'skipped', 'all_success join is skipped by a skipped upstream');
    assert.equal(states.cleanup, 'success');
  });

  test('marks downstream upstream_failed after a failure, runs teardown, and fails the run', () => {
    const { states, s, compiled } = drive(diamond, {
      pick: { state: 'success', skipChildren: ['slow'] },
      fast: { state: 'failed' },
    });
    assert.equal(states.join, 'upstream_failed');
    assert.equal(states.strict_join, 'skipped', 'decided early: its other upstream was skipped first');
    assert.equal(states.cleanup, 'success');
    assert.equal(runOutcome(compiled, s.states), 'failed');
  });

  test('a false short-circuit skips everything downstream, whatever the trigger rule, but not teardown', () => {
    const sc = dag({ id: 'sc', summary: 's', params: noParams })
      .shortCircuit('check', { condition: () => false })
      .activity('a', { activity: 'noop', deps: ['check'] })
      .activity('b', { activity: 'noop', deps: ['a'], triggerRule: 'all_done' })
      .teardown('cleanup', { activity: 'noop', deps: ['b'] })
      .build();
    const { states } = drive(sc, { check: { state: 'success', skipAllDownstream: true } });
    assert.deepEqual(states, { check: 'success', a: 'skipped', b: 'skipped', cleanup: 'success' });
  });

  test('a handled failure (one_failed leaf) does not fail the run, as in Airflow', () => {
    const handled = dag({ id: 'handled', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .activity('on_failure', { activity: 'noop', deps: ['a'], triggerRule: 'one_failed' })
      .build();
    const { states, s, compiled } = drive(handled, { a: { state: 'failed' } });
    assert.deepEqual(states, { a: 'failed', on_failure: 'success' });
    assert.equal(runOutcome(compiled, s.states), 'success');
  });

  test('a paused task holds its downstream until resumed, then the run continues', () => {
    const linear = dag({ id: 'p', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .activity('b', { activity: 'noop', deps: ['a'] })
      .build();
    const s = new DagScheduler(compileDag(linear));
    const a = s.takeReady()!;
    s.pause(a);
    assert.equal(s.states[a], 'paused_on_failure');
    assert.equal(s.takeReady(), undefined);
    s.resume(a);
    assert.equal(s.takeReady(), a);
    s.complete(a, { state: 'success' });
    assert.equal(s.takeReady(), 1);
  });

  test('abort skips undecided tasks, fails paused ones and still schedules teardown', () => {
    const s = new DagScheduler(compileDag(diamond));
    const extract = s.takeReady()!;
    s.abort();
    assert.equal(s.takeReady(), undefined, 'nothing starts while the running task is cancelled');
    s.complete(extract, { state: 'failed' });
    const next = s.takeReady();
    assert.equal(next !== undefined && diamond.tasks[next]!.id, 'cleanup');
    s.complete(next!, { state: 'success' });
    assert.ok(s.isFinished);
  });

  test('a snapshot restores states, skip edges and the ready set after continue-as-new', () => {
    const compiled = compileDag(diamond);
    const s = new DagScheduler(compiled);
    s.complete(s.takeReady()!, { state: 'success' });
    s.complete(s.takeReady()!, { state: 'success', skipChildren: ['slow'] });
    const restored = new DagScheduler(compiled, undefined, JSON.parse(JSON.stringify(s.snapshot())));
    assert.deepEqual(
      restored.states,
      s.states.map((x) => (x === 'scheduled' ? 'none' : x)).map((x, i) => (compiled.tasks[i]!.id === 'fast' ? 'scheduled' : x)),
    );
    assert.equal(compiled.tasks[restored.takeReady()!]!.id, 'fast');
    assert.equal(restored.doneCount, s.doneCount);
  });

  test('the always rule starts a task with the run, before its upstream ends', () => {
    const d = dag({ id: 'al', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .activity('watch', { activity: 'noop', deps: ['a'], triggerRule: 'always' })
      .build();
    const s = new DagScheduler(compileDag(d));
    assert.deepEqual([s.takeReady(), s.takeReady()], [0, 1]);
  });
});
