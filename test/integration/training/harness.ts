import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { createEvaluationActivities } from '../../../activities/evaluation';
import { createTrainingActivities } from '../../../activities/training';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';

export const TRAINING_WORKFLOWS = require.resolve('./workflows');

/**
 * One dev server, one artifact folder and two in-process workers per test file: `cpu` runs the
 * test workflows and evaluation, `gpu` runs training (unless the test brings its own process).
 */
export class TrainingHarness {
  env!: TestWorkflowEnvironment;
  store!: LocalArtifactStore;
  dir!: string;
  readonly cpuQueue = uniqueTaskQueue('training-cpu');
  readonly gpuQueue = uniqueTaskQueue('training-gpu');
  private workers: Worker[] = [];
  private running: Promise<unknown> = Promise.resolve();

  async start(options: { gpuWorker: boolean }): Promise<void> {
    // Failures are expected in these tests; keep the SDK's own logging to errors.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    this.dir = mkdtempSync(join(tmpdir(), 'factory-training-'));
    this.store = new LocalArtifactStore(this.dir);
    const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
    const [env, bundle] = await Promise.all([
      startTemporalTestEnv(),
      bundleWorkflowCode({ workflowsPath: TRAINING_WORKFLOWS, logger: new DefaultLogger('ERROR') }),
    ]);
    this.env = env;
    this.workers.push(
      await Worker.create({
        connection: env.nativeConnection,
        taskQueue: this.cpuQueue,
        workflowBundle: bundle,
        activities: createEvaluationActivities({ store: this.store, logger }, { backend: 'cpu' }),
      }),
    );
    if (options.gpuWorker) {
      this.workers.push(
        await Worker.create({
          connection: env.nativeConnection,
          taskQueue: this.gpuQueue,
          activities: createTrainingActivities({ store: this.store, logger }, { backend: 'cpu', heartbeatIntervalMs: 200 }),
          maxConcurrentActivityTaskExecutions: 1,
        }),
      );
    }
    this.running = Promise.all(this.workers.map((w) => w.run()));
  }

  async stop(): Promise<void> {
    for (const w of this.workers) w.shutdown();
    await this.running;
    await this.env?.teardown();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls until `check` passes; throws with the last value when the time is up. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last value ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
