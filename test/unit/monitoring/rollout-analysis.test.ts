import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseStage, missingTraffic, type RolloutThresholds } from '../../../lib/monitoring';
import type { PredictionStats } from '../../../lib/serving/prediction-stats';

const thresholds: RolloutThresholds = {
  minRequests: 100,
  minLabelled: 20,
  minAgreement: 0.8,
  maxAgreementDrop: 0.05,
  maxScorePsi: 0.25,
  maxErrorRate: 0.01,
  maxP99Ms: 200,
};

function stats(overrides: Partial<PredictionStats> = {}): PredictionStats {
  return {
    count: 200,
    errors: 0,
    p50Ms: 4,
    p99Ms: 20,
    meanScore: 0.4,
    positiveRate: 0.4,
    scoreHistogram: [60, 30, 10, 5, 5, 5, 5, 10, 30, 40],
    labelled: 50,
    agreement: 0.95,
    ...overrides,
  };
}

describe('rollout stage analysis', () => {
  test('passes a challenger that scores like the champion and agrees with the feedback', () => {
    const result = analyseStage(stats(), stats({ count: 1_000, labelled: 300, agreement: 0.96 }), thresholds);
    assert.equal(result.passed, true);
    assert.deepEqual(
      result.checks.map((c) => [c.name, c.passed]),
      [
        ['agreement', true],
        ['agreement_vs_champion', true],
        ['score_psi', true],
        ['error_rate', true],
        ['p99_latency', true],
      ],
    );
    assert.deepEqual(result.reasons, ['passed 5 checks over 200 requests']);
  });

  test('fails a challenger that disagrees with the feedback and whose scores drifted, naming both limits', () => {
    const worse = stats({ agreement: 0.5, scoreHistogram: [5, 5, 10, 30, 60, 60, 20, 5, 3, 2] });
    const result = analyseStage(worse, stats({ agreement: 0.95 }), thresholds);
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.checks.filter((c) => !c.passed).map((c) => c.name),
      ['agreement', 'agreement_vs_champion', 'score_psi'],
    );
    assert.match(result.reasons[0]!, /^agreement failed: challenger agrees with 0\.500 of 50 feedback labels \(minAgreement 0\.8\)$/);
    assert.match(result.reasons[1]!, /drop 0\.450 \(maxAgreementDrop 0\.05\)/);
    assert.match(result.reasons[2]!, /^score_psi failed: score PSI 3\.4993 against the champion's 200 scores \(maxScorePsi 0\.25\)$/);
  });

  test('fails on the error rate and the p99 latency of the challenger alone', () => {
    const result = analyseStage(stats({ errors: 10, p99Ms: 450 }), stats(), thresholds);
    assert.deepEqual(
      result.checks.filter((c) => !c.passed).map((c) => [c.name, c.value]),
      [
        ['error_rate', 0.05],
        ['p99_latency', 450],
      ],
    );
  });

  test('a challenger within maxAgreementDrop of a better champion still passes', () => {
    const result = analyseStage(stats({ agreement: 0.91 }), stats({ agreement: 0.95 }), thresholds);
    assert.equal(result.passed, true);
    const drop = result.checks.find((c) => c.name === 'agreement_vs_champion');
    assert.ok(drop?.value !== null && Math.abs(drop!.value! - 0.04) < 1e-9);
  });

  test('a champion with no labelled or scored predictions leaves those checks passed, saying there was nothing to compare', () => {
    const empty = stats({ count: 0, labelled: 0, agreement: null, scoreHistogram: new Array<number>(10).fill(0) });
    const result = analyseStage(stats(), empty, thresholds);
    assert.equal(result.passed, true);
    const shown = result.checks.filter((c) => c.value === null).map((c) => [c.name, c.detail]);
    assert.deepEqual(shown, [
      ['agreement_vs_champion', 'no labelled predictions of the champion or the challenger to compare'],
      ['score_psi', 'no scores of the champion or the challenger to compare'],
    ]);
  });

  test('says what traffic a stage still lacks before it is analysed', () => {
    assert.deepEqual(missingTraffic(stats({ count: 40, labelled: 3 }), thresholds), ['40 of 100 requests', '3 of 20 labelled predictions']);
    assert.deepEqual(missingTraffic(stats(), thresholds), []);
  });
});
