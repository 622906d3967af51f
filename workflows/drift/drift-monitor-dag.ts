import { defineDag } from '../../common/dag';
import { STORAGE_STEP_RETRIES } from '../../common/retry-policies';
import type { AllActivities } from '../../activities';
import { DRIFT_FAILURE_TYPES } from './drift-failure-types';
import { DriftMonitorParamsSchema } from './drift-monitor-params';

/**
 * drift_monitor (v2): compares the last days of incoming events with the champion's training
 * snapshot, and the champion's live predictions with the window before and with moderators'
 * feedback. When either degrades, it starts weekly_retraining for the current weekly interval
 * under its business-key id, so it never duplicates a retraining the Schedule, the main job, a
 * backfill or an earlier monitor run already started. On Mondays it also writes the weekly
 * model-performance report of the week before (precision and recall against feedback, volume,
 * latency, score histograms) as artifacts.
 *
 * Schedule: daily at 04:00 UTC (driftMonitorSchedule), after Monday's 03:00 weekly retraining.
 * No champion, too few recent events or predictions, is "no drift" with the reason in the output.
 * Versioning: v1 (drift-monitor-v1-dag.ts) keeps serving runs that started on it.
 */
export const driftMonitorDag = defineDag<AllActivities>()({
  id: 'drift_monitor',
  summary: "Daily drift check of recent events and the champion's live predictions; retrains when either degrades; weekly performance report on Mondays.",
  docs: 'A skipped start_retraining (no drift, no champion, a quiet day) or write_performance_report (not a Monday) is an outcome, not an error.',
  params: DriftMonitorParamsSchema,
  version: 2,
  defaults: {
    // The measurements read PostgreSQL and the artifact store; start_retraining talks to Temporal.
    ...STORAGE_STEP_RETRIES,
    startToCloseTimeout: '15m',
    queue: 'cpu',
    // measure_drift heartbeats per batch of events and per chunk of the snapshot; a worker that
    // dies is noticed within a minute instead of at the 15-minute start-to-close timeout.
    heartbeatTimeout: '1m',
    nonRetryableErrorTypes: Object.values(DRIFT_FAILURE_TYPES),
  },
  dataInterval: '1d',
})
  .activity('measure_drift', {
    activity: 'measureDrift',
    input: ({ params, run }) => ({
      modelName: params.modelName,
      logicalDate: run.logicalDate,
      lookbackDays: params.lookbackDays,
      minRecentRows: params.minRecentRows,
    }),
  })
  .activity('measure_live_drift', {
    activity: 'measureLiveDrift',
    input: ({ params, run }) => ({
      modelName: params.modelName,
      logicalDate: run.logicalDate,
      lookbackDays: params.lookbackDays,
      minPredictions: params.minPredictions,
      livePsiThreshold: params.livePsiThreshold,
      minLabelled: params.minLabelled,
      minAgreement: params.minAgreement,
    }),
  })
  .shortCircuit('drift_above_threshold', {
    deps: ['measure_drift', 'measure_live_drift'],
    condition: ({ params, upstream }) =>
      (upstream.measure_drift.score !== null && upstream.measure_drift.score > params.psiThreshold) || upstream.measure_live_drift.degraded,
  })
  .activity('start_retraining', {
    deps: ['drift_above_threshold', 'measure_drift', 'measure_live_drift'],
    activity: 'startRetraining',
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      logicalDate: run.logicalDate,
      params: params.retrainingParams,
      reason: `${upstream.measure_drift.reason} (psiThreshold ${params.psiThreshold}); ${upstream.measure_live_drift.reason} (monitor run ${run.workflowId})`,
    }),
  })
  // Mondays only: the report covers the complete ISO week the Monday's retraining also closed.
  .shortCircuit('is_report_day', { condition: ({ run }) => new Date(run.logicalDate).getUTCDay() === 1 })
  .activity('write_performance_report', {
    deps: ['is_report_day'],
    activity: 'writePerformanceReport',
    input: ({ params, run }) => ({ modelName: params.modelName, logicalDate: run.logicalDate }),
  })
  .build();
