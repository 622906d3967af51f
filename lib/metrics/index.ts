export { recordExtraction, recordHoldoutMetrics, recordTrainingEpoch, type EpochStats } from './activity-metrics';
export { countActivityRetries, taskOfActivityId } from './activity-retries';
export { prometheusTelemetry, resolveMetricsEndpoint, type MetricsEndpoint } from './metrics-endpoint';
export { DAG_METRICS, HISTOGRAM_BUCKETS, HOLDOUT_METRICS, RUN_OUTCOMES, WORKER_METRICS } from './metric-names';
