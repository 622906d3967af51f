import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceValue, parseParamFlags } from '../../../cli/commands';
import { DAGS, getDag, InvalidRetrainingParamsError, InvalidRunParamsError, prepareRun, UnknownDagError } from '../../../client';
import { paramsOf } from '../../../cli/commands/dags';

test('param values are JSON when they parse, else strings', () => {
  assert.equal(coerceValue('3'), 3);
  assert.equal(coerceValue('true'), true);
  assert.equal(coerceValue('null'), null);
  assert.equal(coerceValue('spam'), 'spam');
  assert.equal(coerceValue('"3"'), '3');
  assert.deepEqual(coerceValue('{"f1":0.9}'), { f1: 0.9 });
  assert.equal(coerceValue('2d'), '2d');
});

test('--param flags build the params object, dotted keys nesting', () => {
  assert.deepEqual(parseParamFlags(['modelName=spam', 'epochs=3', 'gate.minimum.f1=0.9', 'gate.minimum.rocAuc=0.95', 'approvalTimeout=30m', 'note=a=b']), {
    modelName: 'spam',
    epochs: 3,
    gate: { minimum: { f1: 0.9, rocAuc: 0.95 } },
    approvalTimeout: '30m',
    note: 'a=b',
  });
});

test('a --param without "=" or given twice is a usage error naming it', () => {
  assert.throws(() => parseParamFlags(['epochs']), {
    name: 'InvalidArgumentError',
    message: '--param "epochs" is invalid: expected key=value, e.g. --param epochs=3 or --param gate.minimum.f1=0.9',
  });
  assert.throws(() => parseParamFlags(['epochs=3', 'epochs=4']), { message: '--param epochs given twice; give each param once' });
  assert.throws(() => parseParamFlags(['gate=1', 'gate.minimum.f1=0.9']), /sets a field inside "gate"/);
});

test('bad retraining params list every failing path and value, before any call', () => {
  const error = (() => {
    try {
      prepareRun('weekly_retraining', { params: { modelName: 'Bad Name!', epochs: 'ten', epoch: 3 }, logicalDate: 'last monday' });
    } catch (err) {
      return err;
    }
  })();
  assert.ok(error instanceof InvalidRetrainingParamsError);
  assert.deepEqual(error.problems, [
    'logicalDate: Invalid ISO datetime (got "last monday")',
    // The known list is the schema's own, in its order: it grows with the DAG's params.
    `params.epoch: unknown field (known: ${paramsOf(getDag('weekly_retraining'))
      .map((p) => p.name)
      .join(', ')})`,
    'params.modelName: at most 63 lowercase letters, digits, "_" or "-", starting with a letter or digit (got "Bad Name!")',
    'params.epochs: expected number, got "ten"',
  ]);
  assert.match(error.message, /^invalid input for weekly_retraining: logicalDate: .*Nothing was started/);
});

test('other DAGs are checked with their own schema', () => {
  assert.throws(
    () => prepareRun('dag_smoke_test', { params: { count: 0 } }),
    (err: unknown) => err instanceof InvalidRunParamsError && !(err instanceof InvalidRetrainingParamsError) && /params\.count/.test(err.message),
  );
  assert.throws(
    () => prepareRun('nope', {}),
    (err: unknown) => err instanceof UnknownDagError && err.message === `unknown DAG "nope": known DAGs are ${Object.keys(DAGS).join(', ')}`,
  );
});

test('a retraining run is keyed by model and ISO week of its data interval', () => {
  const run = prepareRun('weekly_retraining', { params: { modelName: 'x', epochs: 3 }, logicalDate: '2002-09-30T03:00:00Z' });
  assert.equal(run.workflowId, 'weekly_retraining/x/2002-W39');
  assert.equal(run.runKind, 'manual');
  assert.equal(run.logicalDate, '2002-09-30T03:00:00.000Z');
  assert.equal(run.staticSummary, 'Retrain x for 2002-09-23..2002-09-30');
  // Any logical date in the same week gives the same key: a second trigger attaches.
  assert.equal(prepareRun('weekly_retraining', { params: { modelName: 'x' }, logicalDate: '2002-10-06T23:00:00+00:00' }).workflowId, run.workflowId);
  assert.equal(prepareRun('weekly_retraining', {}, { now: () => new Date('2002-09-30T03:00:00Z') }).workflowId, 'weekly_retraining/spam/2002-W39');
});

test('other DAGs are keyed by their logical date', () => {
  assert.equal(prepareRun('dag_smoke_test', { logicalDate: '2026-01-05T00:00:00Z' }).workflowId, 'dag_smoke_test/2026-01-05T00:00:00.000Z');
});

test('a --param that reaches the object prototype is refused and pollutes nothing', () => {
  for (const flag of ['__proto__.modelName=evil', 'constructor.prototype.modelName=evil', 'gate.__proto__.f1=1', '__proto__={"modelName":"evil"}']) {
    assert.throws(
      () => parseParamFlags([flag]),
      (err: unknown) => err instanceof Error && /is not a param name \(it would reach JavaScript's object prototype\)/.test(err.message),
      flag,
    );
  }
  assert.equal(({} as Record<string, unknown>).modelName, undefined, 'Object.prototype stays clean');
  // A JSON value may carry such a key: JSON.parse makes it an own field, which the DAG schema drops.
  const params = parseParamFlags(['gate={"__proto__":{"x":1}}']);
  assert.equal(({} as Record<string, unknown>).x, undefined);
  assert.equal(Object.getPrototypeOf(params.gate), Object.prototype);
});
