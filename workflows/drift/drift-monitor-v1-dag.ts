import { defineDag } from '../../common/dag';
import { STORAGE_STEP_RETRIES } from '../../common/retry-policies';
import type { AllActivities } from '../../activities';
import { DRIFT_FAILURE_TYPES } from './drift-failure-types';
import { DriftMonitorParamsSchema } from './drift-monitor-params';

/**
 * drift_monitor v1, kept for runs that started on it (docs/versioning.md); v2 is in drift-monitor-dag.ts.
 *
 * drift_monitor: compares the last days of incoming events with the champion's training snapshot
 * and, when the largest PSI is above the threshold, starts weekly_retraining for the current
 * weekly interval under its business-key id, so it never duplicates a retraining the Schedule,
 * the main job, a backfill or an earlier monitor run already started.
 *
 * Schedule: daily at 04:00 UTC (driftMonitorSchedule), after Monday's 03:00 weekly retraining.
 * No champion, or too few recent events, is "no drift" with the reason in measure_drift's output.
 */
export const driftMonitorV1 = defineDag<AllActivities>()({
  id: 'drift_monitor',
  summary: "Daily drift check of recent events against the champion's training snapshot; retrains when drift is above the threshold.",
  docs: 'A skipped start_retraining (drift below the threshold, no champion, a quiet day) is an outcome, not an error.',
  params: DriftMonitorParamsSchema,
  defaults: {
    // measure_drift reads PostgreSQL and the artifact store; start_retraining talks to Temporal.
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
  .shortCircuit('drift_above_threshold', {
    deps: ['measure_drift'],
    condition: ({ params, upstream }) => upstream.measure_drift.score !== null && upstream.measure_drift.score > params.psiThreshold,
  })
  .activity('start_retraining', {
    deps: ['drift_above_threshold', 'measure_drift'],
    activity: 'startRetraining',
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      logicalDate: run.logicalDate,
      params: params.retrainingParams,
      reason: `${upstream.measure_drift.reason}, above psiThreshold ${params.psiThreshold} (monitor run ${run.workflowId})`,
    }),
  })
  .build();
