import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { dag, noParams } from './fixtures';

describe('defineDag builder', () => {
  test('types upstream outputs from the upstream activity and params from the schema', () => {
    const d = dag({ id: 'typed', summary: 's', params: z.object({ n: z.number() }) })
      .activity('list', { activity: 'listItems', input: ({ params }) => ({ count: params.n }) })
      .map('double', { deps: ['list'], activity: 'echo', over: ({ upstream }) => upstream.list, input: (item) => ({ value: item * 2 }) })
      .activity('total', { activity: 'sum', deps: ['double'], input: ({ upstream }) => ({ values: upstream.double }) })
      .build();
    assert.deepEqual(
      d.tasks.map((t) => [t.id, t.kind, t.deps]),
      [
        ['list', 'activity', []],
        ['double', 'map', ['list']],
        ['total', 'activity', ['double']],
      ],
    );
  });

  test('rejects, at compile time, unknown activities, unknown deps, duplicate ids and wrong input types', () => {
    const b = dag({ id: 'types', summary: 's', params: noParams }).activity('a', { activity: 'echo', input: () => ({ value: 1 }) });
    // @ts-expect-error: no activity named trainModel
    b.activity('x', { activity: 'trainModel' });
    // @ts-expect-error: "missing" is not an earlier task
    b.activity('y', { activity: 'noop', deps: ['missing'] });
    // @ts-expect-error: id "a" is taken
    b.activity('a', { activity: 'noop' });
    // @ts-expect-error: echo needs { value: number }
    b.activity('z', { activity: 'echo', input: () => ({ value: 'one' }) });
    // @ts-expect-error: echo needs an input
    b.activity('w', { activity: 'echo' });
    b.activity('v', {
      activity: 'echo',
      deps: ['a'],
      triggerRule: 'all_done',
      // Under all_done an upstream may have failed, so its output is optional.
      input: ({ upstream }) => ({ value: upstream.a ?? 0 }),
    });
    assert.ok(true);
  });

  test('a join is a task kind of its own: deps required, no callback, no output', () => {
    const b = dag({ id: 'joined', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .branch('pick', { deps: ['a'], choose: () => 'meet' })
      .join('meet', { deps: ['pick'] });
    const d = b.activity('after', { activity: 'echo', deps: ['meet'], input: ({ upstream }) => ({ value: upstream.meet === undefined ? 1 : 0 }) }).build();
    assert.deepEqual(
      d.tasks.find((t) => t.id === 'meet'),
      { id: 'meet', kind: 'join', deps: ['pick'], triggerRule: 'all_success', teardown: false },
    );
    // @ts-expect-error: a join needs the tasks whose paths meet there
    b.join('lonely', {});
    // @ts-expect-error: a join runs nothing, so it takes no condition (use shortCircuit for that)
    b.join('gated', { deps: ['a'], condition: () => true });
    // @ts-expect-error: a join has no activity options
    b.join('timed', { deps: ['a'], startToCloseTimeout: '1m' });
  });

  test('fills Airflow-like defaults: all_success, fail on task failure, 256 KiB outputs', () => {
    const d = dag({ id: 'defaults', summary: 's', params: noParams }).activity('a', { activity: 'noop' }).build();
    assert.equal(d.tasks[0]!.triggerRule, 'all_success');
    assert.equal(d.onTaskFailure, 'fail');
    assert.equal(d.maxOutputBytes, 256 * 1024);
  });

  test('teardown tasks use all_done', () => {
    const d = dag({ id: 'td', summary: 's', params: noParams })
      .activity('a', { activity: 'noop' })
      .teardown('cleanup', { activity: 'noop', deps: ['a'] })
      .build();
    assert.deepEqual([d.tasks[1]!.triggerRule, d.tasks[1]!.teardown], ['all_done', true]);
  });
});
