import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { DAG_METRICS } from './metric-names';

/**
 * The DAG task an activity runs for: the engine's activity id is the task id, `#<try>` after an
 * operator's retryTask, `:<try>:poke<n>` for a sensor's pokes.
 */
export function taskOfActivityId(activityId: string): string {
  return activityId.split(/[#:]/, 1)[0] ?? activityId;
}

/**
 * Counts every activity attempt after the first: Temporal's own retries, which workflow code
 * never sees (it only learns the final result). Labels: dag (the workflow type, which is the DAG
 * id), task, activity.
 */
export const countActivityRetries: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    execute: (input, next) => {
      const { attempt, workflowType, activityId, activityType } = ctx.info;
      if (attempt > 1) {
        ctx.metricMeter
          .createCounter(DAG_METRICS.activityRetries, 'attempts', 'Activity attempts after the first (retry policy)')
          .add(1, { dag: workflowType ?? 'none', task: taskOfActivityId(activityId), activity: activityType });
      }
      return next(input);
    },
  },
});
