import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { recordExtraction, recordHoldoutMetrics, recordTrainingEpoch, WORKER_METRICS } from '../../lib/metrics';

interface Recorded {
  readonly name: string;
  readonly kind: string;
  readonly value: number;
  readonly tags: MetricTags;
}

/**
 * A meter that keeps what was recorded, in place of the activity context's (MockActivityEnvironment
 * 1.24 drops its `metricMeter` option and hands activities the no-op meter).
 */
function recordingMeter(): { meter: MetricMeter; recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const push =
    (name: string, kind: string) =>
    (value: number, tags: MetricTags = {}) =>
      void recorded.push({ name, kind, value, tags });
  const meter: MetricMeter = {
    createCounter(name) {
      const counter = { name, kind: 'counter' as const, valueType: 'int' as const, add: push(name, 'counter'), withTags: () => counter };
      return counter;
    },
    createHistogram(name) {
      const histogram = { name, kind: 'histogram' as const, valueType: 'float' as const, record: push(name, 'histogram'), withTags: () => histogram };
      return histogram;
    },
    createGauge(name) {
      const gauge = { name, kind: 'gauge' as const, valueType: 'float' as const, set: push(name, 'gauge'), withTags: () => gauge };
      return gauge;
    },
    withTags: () => meter,
  };
  return { meter, recorded };
}

describe('activity metrics', () => {
  test('a registered version sets one holdout gauge per finite metric, labelled by model, version and metric', () => {
    const { meter, recorded } = recordingMeter();
    const metrics = { accuracy: 0.97, precision: 0.95, recall: 1, f1: 0.974, rocAuc: 0.998, prAuc: Number.NaN, confusion: { tp: 1 } };
    recordHoldoutMetrics('spam', 7, metrics, meter);
    assert.deepEqual(
      recorded.map((r) => [r.name, r.kind, r.tags.metric, r.tags.model, r.tags.version, r.value]),
      [
        [WORKER_METRICS.holdoutMetric, 'gauge', 'accuracy', 'spam', 7, 0.97],
        [WORKER_METRICS.holdoutMetric, 'gauge', 'precision', 'spam', 7, 0.95],
        [WORKER_METRICS.holdoutMetric, 'gauge', 'recall', 'spam', 7, 1],
        [WORKER_METRICS.holdoutMetric, 'gauge', 'f1', 'spam', 7, 0.974],
        [WORKER_METRICS.holdoutMetric, 'gauge', 'roc_auc', 'spam', 7, 0.998],
      ],
      'the NaN PR-AUC and the non-metric field set nothing',
    );
  });

  test('an epoch records its seconds and samples/s; an extraction its rows and rows/s', () => {
    const { meter, recorded } = recordingMeter();
    recordTrainingEpoch('spam', 'wasm', { seconds: 0.5, samplesPerSecond: 8000 }, meter);
    recordExtraction('spam', 5000, 0.25, meter);
    assert.deepEqual(
      recorded.map((r) => [r.name, r.kind, r.value]),
      [
        [WORKER_METRICS.trainingEpoch, 'histogram', 0.5],
        [WORKER_METRICS.trainingSamplesPerSecond, 'gauge', 8000],
        [WORKER_METRICS.extractionRows, 'counter', 5000],
        [WORKER_METRICS.extractionRowsPerSecond, 'gauge', 20000],
      ],
    );
    assert.deepEqual(recorded[0]!.tags, { model: 'spam', backend: 'wasm' });
  });

  test('called outside an activity (a bench, a script) records nothing and does not throw', () => {
    assert.doesNotThrow(() => recordExtraction('spam', 10, 1));
  });
});
