import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { seedCorpus } from '../../../lib/source';
import { createWorkers } from '../../../workers/create-workers';
import { startTemporalTestEnv } from '../../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

/** The corpus week of the embedded default (see cli/main-job.ts). */
export const LOGICAL_DATE = '2002-09-30T03:00:00Z';

/** Gate floors low enough that a 3-epoch candidate always reaches the approval step. */
export const LENIENT_GATE = { minimum: { f1: 0.5, rocAuc: 0.5 } };

export interface PipelineStack {
  readonly env: TestWorkflowEnvironment;
  readonly pg: TestPostgres;
  /** TEMPORAL_ADDRESS of the dev server, for child processes. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * What `npm start` runs, for one test file: a Temporal dev server, PostgreSQL with the seeded
 * corpus and the cpu and gpu workers on the default task queues, in this process. Clients under
 * test run in child processes, as other services and people do.
 */
export async function startPipelineStack(): Promise<PipelineStack> {
  const [env, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
  const artifactsDir = mkdtempSync(join(tmpdir(), 'factory-client-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  await seedCorpus(pg.pool, logger);
  const workers: Worker[] = await createWorkers({
    connection: env.nativeConnection,
    namespace: 'default',
    queues: ['cpu', 'gpu'],
    deps: { pool: pg.pool, store: new LocalArtifactStore(artifactsDir), logger },
    logger,
    shutdownGraceTime: 5_000,
  });
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    env,
    pg,
    address: env.address,
    async stop() {
      for (const w of workers) w.shutdown();
      await running;
      await pg.stop();
      await env.teardown();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}
