import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { DAG_ERROR_CODES, type MapTaskSpec } from '../../common/dag';
import { callActivity } from './call-activity';
import { describeFailure } from './failures';
import type { TaskCall, TaskEnv } from './task-env';

/**
 * Dynamic mapping: one activity per item, at most `maxConcurrency` in flight, results in item
 * order. After the first failed item no new item starts; the task fails naming that item.
 */
export async function executeMap(env: TaskEnv, task: MapTaskSpec, call: TaskCall): Promise<unknown[]> {
  const items = task.over(call.ctx);
  const progress = { total: items.length, done: 0 };
  env.records.mapped.set(call.index, progress);
  const results = new Array<unknown>(items.length);
  let next = 0;
  let failure: { index: number; error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const k = next++;
      const input = task.itemInput(items[k], k, call.ctx);
      try {
        results[k] = await callActivity(env, task, `${task.id}:${call.tryNumber}[${k}]`, `${task.id}[${k}]`, input);
        progress.done++;
      } catch (error) {
        failure ??= { index: k, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(task.maxConcurrency, items.length) }, lane));
  if (failure) {
    if (isCancellation(failure.error)) throw failure.error;
    throw ApplicationFailure.create({
      message: `item ${failure.index} of ${items.length} failed: ${describeFailure(failure.error)}`,
      type: DAG_ERROR_CODES.mapItemFailed,
      nonRetryable: true,
      cause: failure.error instanceof Error ? failure.error : undefined,
    });
  }
  return results;
}
