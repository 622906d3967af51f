import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { liveDriftVerdict, scoreHistogramSvg, type LiveDriftThresholds, type PerformanceReport } from '../../../lib/monitoring';
import type { PredictionStats } from '../../../lib/serving/prediction-stats';

const thresholds: LiveDriftThresholds = { minPredictions: 100, livePsiThreshold: 0.2, minLabelled: 20, minAgreement: 0.8 };
const CALM = [50, 30, 20, 10, 5, 5, 10, 20, 30, 40];

function stats(overrides: Partial<PredictionStats> = {}): PredictionStats {
  const scoreHistogram = overrides.scoreHistogram ?? CALM;
  const count = scoreHistogram.reduce((a, b) => a + b, 0);
  return { count, errors: 0, p50Ms: 3, p99Ms: 9, meanScore: 0.4, positiveRate: 0.4, scoreHistogram, labelled: 60, agreement: 0.93, ...overrides };
}

describe('live drift of the champion on the prediction log', () => {
  test('a week that scores and agrees like the week before is healthy', () => {
    const verdict = liveDriftVerdict(stats(), stats(), thresholds);
    assert.equal(verdict.degraded, false);
    assert.equal(verdict.scorePsi, 0);
    assert.deepEqual(verdict.reasons, [
      "score PSI 0.0000 against the previous window's 220 scores (within livePsiThreshold 0.2)",
      'agreement 0.930 with 60 feedback labels (at or above minAgreement 0.8)',
    ]);
  });

  test('scores that moved degrade it, with the PSI in the reason', () => {
    const verdict = liveDriftVerdict(stats({ scoreHistogram: [5, 5, 10, 20, 50, 60, 40, 20, 5, 5] }), stats(), thresholds);
    assert.equal(verdict.degraded, true);
    assert.match(verdict.reasons[0]!, /^score PSI \d+\.\d{4} .* \(above livePsiThreshold 0\.2\)$/);
  });

  test('agreement with the feedback below minAgreement degrades it even when scores did not move', () => {
    const verdict = liveDriftVerdict(stats({ agreement: 0.6 }), stats(), thresholds);
    assert.deepEqual([verdict.degraded, verdict.agreement], [true, 0.6]);
    assert.equal(verdict.reasons[1], 'agreement 0.600 with 60 feedback labels (below minAgreement 0.8)');
  });

  test('too few predictions give no verdict; a quiet previous window or too few labels leave out that check', () => {
    assert.deepEqual(liveDriftVerdict(stats({ scoreHistogram: [10, 0, 0, 0, 0, 0, 0, 0, 0, 10] }), stats(), thresholds).reasons, [
      '20 predictions, fewer than minPredictions 100: no verdict',
    ]);
    const verdict = liveDriftVerdict(stats({ labelled: 5 }), stats({ scoreHistogram: new Array<number>(10).fill(0) }), thresholds);
    assert.deepEqual([verdict.degraded, verdict.scorePsi, verdict.agreement], [false, null, null]);
    assert.deepEqual(verdict.reasons, [
      'the previous window has 0 scores, fewer than minPredictions 100: no score PSI',
      '5 feedback labels, fewer than minLabelled 20: no agreement',
    ]);
  });
});

describe('weekly report picture', () => {
  test('draws one score line per version that answered, the challenger dashed, named in the legend', () => {
    const version = (v: number, role: 'champion' | 'challenger') => ({
      version: v,
      role,
      stats: stats(),
      confusion: { threshold: 0.5, tp: 1, fp: 0, tn: 1, fn: 0 },
      precision: 1,
      recall: 1,
    });
    const report: PerformanceReport = {
      model: 'spam',
      window: { start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' },
      predictions: 440,
      labelled: 120,
      versions: [version(4, 'champion'), version(5, 'challenger')],
    };
    const svg = scoreHistogramSvg(report);
    assert.match(svg, /<title>Scores of spam, 2026-11-23 to 2026-11-30<\/title>/);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2);
    assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 1);
    assert.match(svg, />v4 champion \(220\)</);
    assert.match(svg, />v5 challenger \(220\)</);
  });
});
