import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_GATE_THRESHOLDS, evaluateGate, type GateMetrics, parseGateThresholds } from '../../../common/gate';

const metrics = (overrides: Partial<GateMetrics> = {}): GateMetrics => ({
  f1: 0.96,
  precision: 0.97,
  recall: 0.95,
  accuracy: 0.97,
  rocAuc: 0.99,
  prAuc: 0.98,
  ...overrides,
});

describe('evaluateGate', () => {
  test('passes a candidate above every minimum and within the allowed regression', () => {
    const result = evaluateGate(metrics(), metrics({ f1: 0.965 }), DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.passed, true);
    assert.deepEqual(result.reasons, ['passed all 5 checks against the champion']);
    assert.deepEqual(
      result.checks.map((c) => `${c.name}:${c.metric}`),
      ['minimum:f1', 'max-regression:f1', 'max-regression:precision', 'minimum:rocAuc', 'max-regression:rocAuc'],
    );
  });

  test('fails a candidate below a minimum and quotes both numbers', () => {
    const result = evaluateGate(metrics({ f1: 0.912 }), undefined, DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.passed, false);
    assert.deepEqual(result.reasons, ['f1 0.912 is below the minimum 0.950']);
    assert.deepEqual(result.checks[0], { name: 'minimum', metric: 'f1', value: 0.912, limit: 0.95, passed: false });
  });

  test('fails a candidate that regresses more than allowed against the champion', () => {
    const result = evaluateGate(metrics({ precision: 0.94 }), metrics({ precision: 0.98 }), DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.passed, false);
    assert.deepEqual(result.reasons, ["precision 0.940 is 0.040 below the champion's 0.980; at most 0.020 of regression is allowed"]);
    const check = result.checks.find((c) => c.name === 'max-regression' && c.metric === 'precision');
    assert.ok(check && Math.abs(check.limit - 0.96) < 1e-12 && !check.passed);
  });

  test('judges the first model on minimums alone and says the comparisons were skipped', () => {
    const result = evaluateGate(metrics(), undefined, DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.passed, true);
    assert.deepEqual(result.reasons, ['passed all 2 checks (first model: no champion, so regression and improvement checks were skipped)']);
  });

  test('fails a candidate that does not improve on the champion by the required margin', () => {
    const thresholds = parseGateThresholds({ minImprovement: { f1: 0.01 } });
    const barely = evaluateGate(metrics({ f1: 0.955 }), metrics({ f1: 0.95 }), thresholds);
    assert.equal(barely.passed, false);
    assert.deepEqual(barely.reasons, ["f1 0.955 improves on the champion's 0.950 by only 0.005; at least 0.010 is required"]);
    const worse = evaluateGate(metrics({ f1: 0.951 }), metrics({ f1: 0.952 }), thresholds);
    assert.deepEqual(worse.reasons, ["f1 0.951 does not improve on the champion's 0.952; at least 0.010 is required"]);
  });

  test('passes an improvement exactly equal to the requirement despite float rounding', () => {
    // 0.95 + 0.01 is 0.9600000000000001 in binary floating point.
    const thresholds = parseGateThresholds({ minImprovement: { f1: 0.01 } });
    assert.equal(evaluateGate(metrics({ f1: 0.96 }), metrics({ f1: 0.95 }), thresholds).passed, true);
  });

  test('fails rather than guesses when a metric is NaN', () => {
    const result = evaluateGate(metrics({ rocAuc: Number.NaN }), undefined, DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.passed, false);
    assert.deepEqual(result.reasons, ['rocAuc is NaN, so it cannot pass the minimum check']);
  });

  test('reports every failure, not just the first', () => {
    const result = evaluateGate(metrics({ f1: 0.9, rocAuc: 0.9 }), metrics(), DEFAULT_GATE_THRESHOLDS);
    assert.equal(result.reasons.length, 4);
    assert.equal(result.checks.filter((c) => !c.passed).length, 4);
  });
});

describe('parseGateThresholds', () => {
  test('fills in the defaults for groups left out', () => {
    assert.deepEqual(parseGateThresholds({ minimum: { f1: 0.9 } }), {
      minimum: { f1: 0.9 },
      maxRegression: { f1: 0.01, precision: 0.02, rocAuc: 0.01 },
      minImprovement: {},
    });
    assert.deepEqual(parseGateThresholds(undefined), DEFAULT_GATE_THRESHOLDS);
  });

  test('names the field and the bad value', () => {
    assert.throws(() => parseGateThresholds({ minimum: { f1: 1.5 } }), /minimum\.f1: .* \(got 1\.5\)/);
  });

  test('rejects unknown metric names instead of silently ignoring them', () => {
    assert.throws(() => parseGateThresholds({ minimum: { minF1: 0.9 } }), /minimum\.minF1: unknown field/);
  });
});
