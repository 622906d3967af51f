import { Context } from '@temporalio/activity';
import type { MetricMeter } from '@temporalio/common';
import { HOLDOUT_METRICS, WORKER_METRICS } from './metric-names';

/** The running activity's meter, or none when the function is called directly (benchmarks, scripts). */
function activityMeter(): MetricMeter | undefined {
  try {
    return Context.current().metricMeter;
  } catch {
    return undefined;
  }
}

export interface EpochStats {
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

export function recordTrainingEpoch(model: string, backend: string, stats: EpochStats, m = activityMeter()): void {
  if (!m) return;
  const tags = { model, backend };
  m.createHistogram(WORKER_METRICS.trainingEpoch, 'float', 's', 'Duration of one training epoch').record(Math.max(0, stats.seconds), tags);
  m.createGauge(WORKER_METRICS.trainingSamplesPerSecond, 'float', 'samples/s', 'Training samples per second in the latest epoch').set(
    Math.max(0, stats.samplesPerSecond),
    tags,
  );
}

export function recordExtraction(model: string, rows: number, seconds: number, m = activityMeter()): void {
  if (!m) return;
  m.createCounter(WORKER_METRICS.extractionRows, 'rows', 'Rows streamed from the source into datasets').add(rows, { model });
  m.createGauge(WORKER_METRICS.extractionRowsPerSecond, 'float', 'rows/s', 'Rows per second of the latest extraction').set(seconds > 0 ? rows / seconds : 0, {
    model,
  });
}

/**
 * One gauge per holdout metric of a registered version. Reads what it finds: registry metrics are
 * free-form JSON, and an undefined AUC (a one-label holdout) or a missing field sets nothing.
 */
export function recordHoldoutMetrics(model: string, version: number, metrics: unknown, m = activityMeter()): void {
  if (!m || typeof metrics !== 'object' || metrics === null) return;
  const gauge = m.createGauge(WORKER_METRICS.holdoutMetric, 'float', '', "A registered model version's metric on its holdout");
  for (const [field, metric] of Object.entries(HOLDOUT_METRICS)) {
    const value = (metrics as Record<string, unknown>)[field];
    if (typeof value === 'number' && Number.isFinite(value)) gauge.set(value, { model, version, metric });
  }
}
