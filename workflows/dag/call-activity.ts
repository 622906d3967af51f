import { proxyActivities } from '@temporalio/workflow';
import type { ActivityTaskSpec, MapTaskSpec, SensorTaskSpec } from '../../common/dag';
import { activityOptions, mergedOptions, resolveQueue } from './activity-options';
import type { TaskEnv } from './task-env';

/** Task kinds that call an activity, and so carry activity options. */
export type ActivityTaskSpecs = ActivityTaskSpec | SensorTaskSpec | MapTaskSpec;

type UntypedActivity = (...args: unknown[]) => Promise<unknown>;
/**
 * Activities by name; the builder already type-checked names and inputs against the DAG's
 * activities interface. Per-call options come from each task (executeWithOptions); the ones
 * here only satisfy the proxy.
 */
const activities = proxyActivities<Record<string, UntypedActivity>>({ startToCloseTimeout: '1h' });

/** Schedules one activity for a task; `summary` shows in the Web UI next to the activity. */
export function callActivity(env: TaskEnv, task: ActivityTaskSpecs, activityId: string, summary: string, input: unknown): Promise<unknown> {
  const o = mergedOptions(env.compiled.spec, task);
  const options = activityOptions(o, resolveQueue(o.queue, env.input.taskQueues), activityId, summary);
  return activities[task.activity]!.executeWithOptions(options, input === undefined ? [] : [input]);
}
