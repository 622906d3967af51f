import { DAG_METRICS, RUN_OUTCOMES } from '../../workflows/dag/metric-names';

export { DAG_METRICS, RUN_OUTCOMES };

/**
 * Metrics the activities emit (through the activity context's metric meter). Besides the labels
 * below, each carries the ones the SDK's activity meter adds: `namespace`, `taskQueue`, `activityType`.
 */
export const WORKER_METRICS = {
  /** Histogram (seconds): one training epoch. Labels: model, backend. */
  trainingEpoch: 'factory_training_epoch_seconds',
  /** Gauge: samples per second of the latest epoch. Labels: model, backend. */
  trainingSamplesPerSecond: 'factory_training_samples_per_second',
  /** Counter: rows streamed from the source into datasets (a reused snapshot streams none). Labels: model. */
  extractionRows: 'factory_extraction_rows_total',
  /** Gauge: rows per second of the latest extraction. Labels: model. */
  extractionRowsPerSecond: 'factory_extraction_rows_per_second',
  /** Gauge: a registered version's holdout metric. Labels: model, version, metric (HOLDOUT_METRICS). */
  holdoutMetric: 'factory_model_holdout_metric',
} as const;

/** The `metric` label of holdout gauges: the candidate's BinaryMetrics field each one reads. */
export const HOLDOUT_METRICS = { accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'f1', rocAuc: 'roc_auc', prAuc: 'pr_auc' } as const;

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];
const WAIT_SECONDS = [1, 10, 60, 300, 900, 1800, 3600, 14400, 43200, 86400, 259200, 604800];

/**
 * Bucket bounds of the engine's histograms; the SDK's default bounds are milliseconds for its own
 * latencies. An approval waits minutes to days, the other durations milliseconds to hours.
 */
export const HISTOGRAM_BUCKETS: Readonly<Record<string, number[]>> = {
  [DAG_METRICS.taskDuration]: SECONDS,
  [DAG_METRICS.approvalWait]: WAIT_SECONDS,
  [WORKER_METRICS.trainingEpoch]: SECONDS,
};
