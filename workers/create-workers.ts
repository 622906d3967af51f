import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createCpuActivities, createGpuActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueKind } from '../common/task-queues';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  queues: readonly TaskQueueKind[];
  deps: ActivityDeps;
  logger: Logger;
  /** How long shutdown waits for in-flight activities before cancelling them. */
  shutdownGraceTime: number;
  /** Override the queue names (tests use unique ones). @default TASK_QUEUES */
  taskQueues?: Record<TaskQueueKind, string>;
  /** Prebuilt workflow bundle (tests build it once); otherwise bundled from workflows/. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/**
 * One worker per queue. The cpu worker also runs workflow code (orchestration is cheap and must
 * not wait behind GPU jobs); the gpu worker runs training activities only.
 */
export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const names = options.taskQueues ?? TASK_QUEUES;
  const workers: Worker[] = [];
  for (const queue of options.queues) {
    const common = {
      connection: options.connection,
      namespace: options.namespace,
      taskQueue: names[queue],
      shutdownGraceTime: options.shutdownGraceTime,
      // An activity that ignores cancellation fails its worker's run() instead of holding it open.
      shutdownForceTime: options.shutdownGraceTime + 10_000,
    };
    if (queue === 'cpu') {
      workers.push(
        await Worker.create({
          ...common,
          activities: createCpuActivities(options.deps),
          ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
        }),
      );
    } else {
      workers.push(await Worker.create({ ...common, activities: createGpuActivities(options.deps), maxConcurrentActivityTaskExecutions: 1 }));
    }
    options.logger.info({ taskQueue: names[queue] }, 'worker ready');
  }
  return workers;
}
