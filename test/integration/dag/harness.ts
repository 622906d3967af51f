import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';
import { ConcurrencyTracker, createDagTestingActivities } from '../../../activities/dag-testing';
import type { DagRunInput } from '../../../workflows/dag';
import type { DagRunResult } from '../../../common/dag';

export const FIXTURE_WORKFLOWS = require.resolve('./fixtures/workflows');

/** One dev server and one workflow bundle per test file; a fresh worker and queue per test. */
export class DagTestHarness {
  env!: TestWorkflowEnvironment;
  private bundle!: WorkflowBundle;

  async start(): Promise<void> {
    // Task failures are expected in these tests; keep the SDK's own logging to errors.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const [env, bundle] = await Promise.all([startTemporalTestEnv(), bundleWorkflowCode({ workflowsPath: FIXTURE_WORKFLOWS, logger: quietLogger })]);
    this.env = env;
    this.bundle = bundle;
  }

  async stop(): Promise<void> {
    await this.env?.teardown();
  }

  /** Runs `fn` while a worker with the dag-testing activities polls a queue of its own. */
  async withWorker<T>(fn: (w: WorkerContext) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('dag');
    const tracker = new ConcurrencyTracker();
    const log: string[] = [];
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue,
      workflowBundle: this.bundle,
      activities: createDagTestingActivities({ tracker, log }),
    });
    const ctx: WorkerContext = {
      taskQueue,
      tracker,
      log,
      start: (type, input = {}, workflowId = `${type}-${taskQueue}`) =>
        this.env.client.workflow.start(type, { taskQueue, workflowId, args: [{ ...input, taskQueues: { cpu: taskQueue, gpu: taskQueue } }] }),
    };
    return worker.runUntil(fn(ctx));
  }
}

export interface WorkerContext {
  readonly taskQueue: string;
  readonly tracker: ConcurrencyTracker;
  readonly log: string[];
  /** Starts a DAG workflow by type (the DAG id), with every queue kind routed to this worker. */
  start(type: string, input?: DagRunInput, workflowId?: string): Promise<WorkflowHandle<(input: DagRunInput) => Promise<DagRunResult>>>;
}

/** Polls until `check` passes or the time is up; for states reached asynchronously. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
