import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../../activities';
import type { TaskQueueKind } from '../../common/task-queues';
import { LocalArtifactStore } from '../../lib/artifacts';
import { createLogger } from '../../lib/logger';
import { seedCorpus } from '../../lib/source';
import { createWorkers } from '../../workers/create-workers';
import { startTemporalTestEnv } from './temporal-test-env';
import { startTestPostgres, type TestPostgres } from './test-postgres';

export interface RealStack {
  readonly env: TestWorkflowEnvironment;
  readonly pg: TestPostgres;
  readonly deps: ActivityDeps;
  readonly store: LocalArtifactStore;
  /** TEMPORAL_ADDRESS of the dev server, for child processes. */
  readonly address: string;
  stop(): Promise<void>;
}

export interface RealStackOptions {
  /** @default ['cpu', 'gpu'] */
  queues?: TaskQueueKind[];
  /** Seed the SpamAssassin corpus into the source table. @default true */
  seed?: boolean;
  /** Runs after the servers start and before the workers poll (register a champion, ...). */
  prepare?: (deps: ActivityDeps) => Promise<void>;
}

/**
 * What `npm start` runs, for one test file: a Temporal dev server, PostgreSQL (seeded with the
 * corpus), a temp artifact folder, and the production workers on the default task queues.
 */
export async function startRealStack(options: RealStackOptions = {}): Promise<RealStack> {
  const [env, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
  const artifactsDir = mkdtempSync(join(tmpdir(), 'factory-stack-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  const store = new LocalArtifactStore(artifactsDir);
  const deps: ActivityDeps = { pool: pg.pool, store, logger };
  if (options.seed ?? true) await seedCorpus(pg.pool, logger);
  await options.prepare?.(deps);
  const workers: Worker[] = await createWorkers({
    connection: env.nativeConnection,
    namespace: 'default',
    queues: options.queues ?? ['cpu', 'gpu'],
    deps,
    logger,
    shutdownGraceTime: 5_000,
  });
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    env,
    pg,
    deps,
    store,
    address: env.address,
    async stop() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await pg.stop();
      await env.teardown();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}
