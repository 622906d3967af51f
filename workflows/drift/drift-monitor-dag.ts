import { defineDag } from '../../common/dag';
import type { AllActivities } from '../../activities';
import { DriftMonitorParamsSchema } from './drift-monitor-params';

/**
 * drift_monitor: compares the last days of incoming events with the champion's training snapshot
 * and, when the largest PSI is above the threshold, starts weekly_retraining for the current
 * weekly interval under its business-key id, so it never duplicates a retraining the Schedule,
 * the main job, a backfill or an earlier monitor run already started.
 *
 * Schedule: daily at 04:00 UTC (driftMonitorSchedule), after Monday's 03:00 weekly retraining.
 * No champion, or too few recent events, is "no drift" with the reason in measure_drift's output.
 */
export const driftMonitorDag = defineDag<AllActivities>()({
  id: 'drift_monitor',
  summary: 'Daily drift check of recent events against the champion\'s training snapshot; retrains when drift is above the threshold.',
  docs: 'A skipped start_retraining (drift below the threshold, no champion, a quiet day) is an outcome, not an error.',
  params: DriftMonitorParamsSchema,
  defaults: {
    retries: 3,
    backoff: { initial: '2s', coefficient: 2, maximum: '1m' },
    startToCloseTimeout: '15m',
    queue: 'cpu',
    nonRetryableErrorTypes: ['InvalidInput', 'SourceConfigError', 'SourceNotFoundError'],
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
