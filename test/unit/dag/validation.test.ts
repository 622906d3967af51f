import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { DagParamsError, DagValidationError, findDagProblems, parseDagParams, validateDag, type DagSpec, type TaskSpec } from '../../../common/dag';
import { createDagTestingActivities } from '../../../activities/dag-testing';
import { dag, noParams } from './fixtures';

function task(id: string, deps: string[] = [], extra: Partial<TaskSpec> = {}): TaskSpec {
  return { id, deps, kind: 'activity', activity: 'noop', triggerRule: 'all_success', teardown: false, ...extra } as TaskSpec;
}

function spec(tasks: TaskSpec[], extra: Partial<DagSpec> = {}): DagSpec {
  return {
    id: 'hand_written',
    summary: 's',
    params: noParams,
    defaults: {},
    onTaskFailure: 'fail',
    maxOutputBytes: 1024,
    dataInterval: '1d',
    version: 1,
    logicalDate: 'run-start',
    tasks,
    ...extra,
  };
}

describe('DAG validation', () => {
  test('prints the cycle path, upstream first', () => {
    const problems = findDagProblems(spec([task('a', ['c']), task('b', ['a']), task('c', ['b'])]));
    assert.deepEqual(problems, ['dependency cycle: a -> b -> c -> a']);
  });

  test('reports a join with no deps, since nothing meets there', () => {
    assert.deepEqual(findDagProblems(spec([task('meet', [], { kind: 'join' })])), [
      'task "meet": a join needs at least one dep (got none); it is where upstream paths meet',
    ]);
  });

  test('reports a duplicate task id', () => {
    assert.deepEqual(findDagProblems(spec([task('a'), task('a')])), ['task id "a" is used twice; task ids must be unique']);
  });

  test('reports an invalid task id', () => {
    assert.match(findDagProblems(spec([task('has space')]))[0]!, /task id "has space" must match/);
  });

  test('reports a dependency on a missing task', () => {
    assert.deepEqual(findDagProblems(spec([task('a', ['extract'])])), ['task "a" depends on "extract", which is not a task of this DAG']);
  });

  test('reports an activity the worker does not register, listing the known ones', () => {
    const problems = findDagProblems(spec([task('a', [], { activity: 'trainModel' } as Partial<TaskSpec>)]), {
      registeredActivities: ['noop', 'echo'],
    });
    assert.deepEqual(problems, ['task "a" calls activity "trainModel", which is not registered (known: echo, noop)']);
  });

  test('checks activities against the list declared in the DAG', () => {
    const problems = findDagProblems(spec([task('a')], { activities: ['echo'] }));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /calls activity "noop", which is not registered/);
  });

  test('reports invalid durations with the bad value and the accepted forms', () => {
    const problems = findDagProblems(spec([task('a', [], { startToCloseTimeout: '5 minutes', backoff: { initial: -1 } } as Partial<TaskSpec>)]));
    assert.deepEqual(problems, [
      'task "a": startToCloseTimeout "5 minutes" is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"',
      'task "a": backoff.initial -1 is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"',
    ]);
  });

  test('reports invalid retries, pool size and sensor timeouts', () => {
    const problems = findDagProblems(
      spec(
        [
          task('a', [], { retries: 1.5 } as Partial<TaskSpec>),
          task('s', [], { kind: 'sensor', pokeInterval: '1s', timeout: 'soon', softFail: false } as Partial<TaskSpec>),
        ],
        { maxActiveTasks: 0 },
      ),
    );
    assert.deepEqual(problems, [
      'maxActiveTasks must be a positive integer (got 0)',
      'task "a": retries must be a whole number ≥ 0 (got 1.5)',
      'task "s": timeout "soon" is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"',
    ]);
  });

  test('build() throws one DagValidationError listing every problem', () => {
    const builder = dag({ id: 'bad', summary: 's', params: noParams, defaults: { startToCloseTimeout: 'later' } }).activity('a', {
      activity: 'noop',
      retries: -1,
    });
    assert.throws(
      () => builder.build(),
      (err: unknown) => {
        assert.ok(err instanceof DagValidationError);
        assert.equal(
          err.message,
          [
            'DAG "bad" is invalid:',
            '  - defaults: startToCloseTimeout "later" is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"',
            '  - task "a": retries must be a whole number ≥ 0 (got -1)',
          ].join('\n'),
        );
        return true;
      },
    );
  });

  test('a well-formed DAG validates against the activities the test worker registers', () => {
    const d = dag({ id: 'ok', summary: 's', params: noParams })
      .activity('a', { activity: 'echo', input: () => ({ value: 1 }) })
      .build();
    validateDag(d, { registeredActivities: Object.keys(createDagTestingActivities()) });
  });
});

describe('params validation', () => {
  const schema = z.object({
    modelName: z.string().min(1).describe('Model to retrain'),
    epochs: z.number().int().positive(),
    lr: z.number().max(1),
  });

  test('lists every failing path with the expected type and the value received', () => {
    assert.throws(
      () => parseDagParams('weekly', schema, { modelName: '', epochs: 'ten', lr: 3 }),
      (err: unknown) => {
        assert.ok(err instanceof DagParamsError);
        assert.deepEqual(err.problems, [
          'params.modelName: Too small: expected string to have >=1 characters (got "")',
          'params.epochs: expected number, got "ten"',
          'params.lr: Too big: expected number to be <=1 (got 3)',
        ]);
        return true;
      },
    );
  });

  test('names a missing field as "got nothing"', () => {
    assert.throws(() => parseDagParams('weekly', schema, { modelName: 'spam', lr: 0.1 }), /params\.epochs: expected number, got nothing/);
  });

  test('returns the parsed params when they are valid', () => {
    assert.deepEqual(parseDagParams('weekly', schema, { modelName: 'spam', epochs: 2, lr: 0.1 }), { modelName: 'spam', epochs: 2, lr: 0.1 });
  });
});
