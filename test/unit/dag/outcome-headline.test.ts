import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTCOME_ATTRIBUTE_VALUES, outcomeHeadline, outcomeOf, RUN_OUTCOMES } from '../../../common/dag';
import { weeklyRunResult as result } from '../../support/run-result';

const registered = { register_model: { state: 'success', output: { model: 'spam', version: 7 } } } as const;

test('a promoted run names the version and its F1 from the gate checks', () => {
  const run = result({
    ...registered,
    gate_model: {
      state: 'success',
      output: { passed: true, reasons: ['passed'], checks: [{ name: 'minimum', metric: 'f1', value: 0.95312, limit: 0.9, passed: true }] },
    },
    check_gate: { state: 'success', output: true },
    promote_auto: { state: 'success' },
  });
  assert.equal(outcomeHeadline(outcomeOf('COMPLETED', run), run), 'promoted spam v7 (F1 0.953)');
  // The gate output over 1 KiB is omitted from the result: the line goes without the F1.
  const omitted = result({ ...registered, gate_model: { state: 'success', output: { omittedBytes: 2048 } }, promote_auto: { state: 'success' } });
  assert.equal(outcomeHeadline(outcomeOf('COMPLETED', omitted), omitted), 'promoted spam v7');
});

test('other outcomes read as their reason, in the words of the client', () => {
  const gated = result({
    ...registered,
    gate_model: { state: 'success', output: { passed: false, reasons: ['f1 0.947 is below the minimum 0.950'] } },
    check_gate: { state: 'success', output: false },
  });
  assert.equal(outcomeHeadline(outcomeOf('COMPLETED', gated), gated), 'gate failed: f1 0.947 is below the minimum 0.950');
  const rejected = result({
    ...registered,
    approve_promotion: { state: 'success', output: { decision: 'reject', by: 'alice', reason: 'too many FPs', timedOut: false } },
  });
  assert.equal(outcomeHeadline(outcomeOf('COMPLETED', rejected), rejected), 'approval rejected by alice: too many FPs');
  const failed = outcomeOf('FAILED', undefined, 'DAG run failed: failed tasks: train_model (NonFiniteLoss: loss is NaN)');
  assert.equal(outcomeHeadline(failed, undefined), 'DAG run failed: failed tasks: train_model (NonFiniteLoss: loss is NaN)');
});

test('the Outcome attribute takes every closed outcome and the two a person must act on', () => {
  assert.deepEqual(OUTCOME_ATTRIBUTE_VALUES, [...RUN_OUTCOMES, 'waiting_for_approval', 'paused']);
});
