import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidRunFilterError } from '../../client/errors';
import { runListQuery } from '../../client/list-runs';

test('builds the visibility query from the search attributes every DAG run sets', () => {
  assert.deepEqual(runListQuery(), { query: 'ExecutionStatus != "ContinuedAsNew"', limit: 100 });
  assert.deepEqual(
    runListQuery({
      dagId: 'weekly_retraining',
      model: 'spam',
      runKind: 'backfill',
      logicalDateFrom: '2002-09-01T00:00:00Z',
      logicalDateTo: '2002-10-01T00:00:00+02:00',
      limit: 5,
    }),
    {
      query:
        'DagId = "weekly_retraining" AND ModelName = "spam" AND RunKind = "backfill" AND LogicalDate >= "2002-09-01T00:00:00.000Z" AND ' +
        'LogicalDate <= "2002-09-30T22:00:00.000Z" AND ExecutionStatus != "ContinuedAsNew"',
      limit: 5,
    },
  );
  assert.equal(runListQuery({ status: ['running', 'failed'] }).query, '(ExecutionStatus = "Running" OR ExecutionStatus = "Failed")');
});

test('an outcome filter narrows by execution status on the server and keeps the outcomes to check', () => {
  assert.deepEqual(runListQuery({ model: 'spam', outcome: ['gate_failed', 'rejected'] }), {
    query: 'ModelName = "spam" AND (ExecutionStatus = "Completed")',
    outcomes: ['gate_failed', 'rejected'],
    limit: 100,
  });
  assert.equal(runListQuery({ outcome: ['promoted', 'cancelled'] }).query, '(ExecutionStatus = "Completed" OR ExecutionStatus = "Canceled")');
  assert.equal(runListQuery({ status: 'running', outcome: 'promoted' }).query, 'ExecutionStatus = "Unspecified"');
});

test('a bad filter is refused before any call, naming each field and value', () => {
  assert.throws(
    () => runListQuery({ dagId: 'nope', model: 'Bad Name', outcome: 'won' as never, limit: 0 }),
    (err: unknown) => {
      assert.ok(err instanceof InvalidRunFilterError);
      assert.equal(err.problems.length, 4, err.message);
      assert.match(
        err.problems[0]!,
        /^filter\.dagId: expected a DAG id of the catalog: weekly_retraining, drift_monitor, deploy_model, dag_smoke_test \(got "nope"\)$/,
      );
      assert.match(err.problems[1]!, /^filter\.model: .*\(got "Bad Name"\)$/);
      assert.match(err.problems[2]!, /^filter\.outcome\.0: expected one of "promoted"\|.*\(got "won"\)$/);
      assert.match(err.problems[3]!, /^filter\.limit: .*\(got 0\)$/);
      return true;
    },
  );
  assert.throws(() => runListQuery({ modelName: 'spam' } as never), /filter: .*modelName/);
});
