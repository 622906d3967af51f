import type { ActivityOptions } from '@temporalio/workflow';
import { TASK_QUEUES } from '../../common/task-queues';
import { durationMs, type DagSpec, type QueueChoice, type TaskOptions } from '../../common/dag';
import type { DagRunInput } from './run-input';

const DEFAULT_START_TO_CLOSE = '1h';
const DEFAULT_BACKOFF = '10s';

/** Task options over the DAG defaults, field by field (Airflow's default_args merge). */
export function mergedOptions(dag: DagSpec, task: TaskOptions): TaskOptions {
  const d = dag.defaults;
  return {
    retries: task.retries ?? d.retries,
    backoff: { ...d.backoff, ...task.backoff },
    nonRetryableErrorTypes: task.nonRetryableErrorTypes ?? d.nonRetryableErrorTypes,
    startToCloseTimeout: task.startToCloseTimeout ?? d.startToCloseTimeout,
    scheduleToCloseTimeout: task.scheduleToCloseTimeout ?? d.scheduleToCloseTimeout,
    heartbeatTimeout: task.heartbeatTimeout ?? d.heartbeatTimeout,
    queue: task.queue ?? d.queue,
  };
}

export function resolveQueue(queue: QueueChoice | undefined, overrides: DagRunInput['taskQueues']): string {
  const choice = queue ?? 'cpu';
  if (typeof choice === 'object') return choice.name;
  return overrides?.[choice] ?? TASK_QUEUES[choice];
}

/**
 * Temporal ActivityOptions for one task: Temporal's RetryPolicy does retries and backoff on the
 * server (heartbeat details survive between attempts, so long tasks resume from checkpoints).
 */
export function activityOptions(o: TaskOptions, queue: string, activityId: string, summary: string): ActivityOptions {
  const initial = durationMs(o.backoff?.initial ?? DEFAULT_BACKOFF);
  return {
    activityId,
    summary,
    taskQueue: queue,
    startToCloseTimeout: durationMs(o.startToCloseTimeout ?? DEFAULT_START_TO_CLOSE),
    ...(o.scheduleToCloseTimeout !== undefined ? { scheduleToCloseTimeout: durationMs(o.scheduleToCloseTimeout) } : {}),
    ...(o.heartbeatTimeout !== undefined ? { heartbeatTimeout: durationMs(o.heartbeatTimeout) } : {}),
    retry: {
      maximumAttempts: maximumAttempts(o),
      initialInterval: initial,
      backoffCoefficient: o.backoff?.coefficient ?? 2,
      maximumInterval: o.backoff?.maximum !== undefined ? durationMs(o.backoff.maximum) : initial * 100,
      nonRetryableErrorTypes: [...(o.nonRetryableErrorTypes ?? [])],
    },
  };
}

/**
 * Temporal's maximumAttempts for the task's `retries`. Unlimited is Infinity: the SDK drops the
 * field (the server's "no limit"); it refuses 0, although the server reads 0 as no limit.
 */
export function maximumAttempts(o: TaskOptions): number {
  return o.retries === 'unlimited' ? Number.POSITIVE_INFINITY : (o.retries ?? 0) + 1;
}
