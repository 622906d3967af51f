import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { TASK_QUEUES } from '../../common/task-queues';
import { LocalArtifactStore, readAll } from '../../lib/artifacts';
import { createLogger } from '../../lib/logger';
import { createWorkers } from '../../workers/create-workers';
import { startTemporalTestEnv } from '../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../support/test-postgres';

describe('walking skeleton on the real stack', () => {
  let env: TestWorkflowEnvironment;
  let pg: TestPostgres;
  let artifactsDir: string;
  let workers: Worker[];
  let running: Promise<unknown>;
  const store = () => new LocalArtifactStore(artifactsDir);

  before(async () => {
    [env, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
    artifactsDir = mkdtempSync(join(tmpdir(), 'factory-skeleton-'));
    const logger = createLogger({ level: 'warn', pretty: false });
    workers = await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      queues: ['cpu', 'gpu'],
      deps: { pool: pg.pool, store: store(), logger },
      logger,
      shutdownGraceTime: 5_000,
    });
    running = Promise.all(workers.map((w) => w.run()));
  });

  after(async () => {
    for (const w of workers ?? []) w.shutdown();
    await running;
    await pg?.stop();
    await env?.teardown();
    rmSync(artifactsDir, { recursive: true, force: true });
  });

  test('reads PostgreSQL, writes an artifact on cpu and verifies it on the gpu queue', async () => {
    const result = await env.client.workflow.execute('walkingSkeleton', { taskQueue: TASK_QUEUES.cpu, workflowId: 'walking-skeleton/test' });
    assert.match(result.serverVersion, /^\d+/);
    assert.equal(result.verifiedOnQueue, TASK_QUEUES.gpu);
    const saved = JSON.parse((await readAll(await store().openRead(result.artifactUri, result.sha256))).toString());
    assert.equal(saved.workflowId, 'walking-skeleton/test');
    assert.ok(saved.probe.migrationsApplied >= 1);
  });
});
