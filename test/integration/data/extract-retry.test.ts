import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createDataActivities, type ExtractEventsInput } from '../../../activities/data';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createPool, migrate, startEmbeddedPostgres, type Pool, type RunningPostgres } from '../../../lib/db';
import { createLogger } from '../../../lib/logger';
import { freePort } from '../../../lib/net/free-port';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';

const logger = createLogger({ level: 'silent', pretty: false });

describe('extract_events while PostgreSQL is unreachable', () => {
  let env: TestWorkflowEnvironment;
  let root: string;
  let server: RunningPostgres | undefined;
  let pool: Pool;
  let port: number;
  const start = () => startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port, logger });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'factory-extract-retry-'));
    port = await freePort();
    [env, server] = await Promise.all([startTemporalTestEnv(), start()]);
    pool = createPool(server.url);
    // Idle connections die with the server; without a listener the pool's 'error' event would crash the test process.
    pool.on('error', () => undefined);
    await migrate(pool);
    await pool.query(`INSERT INTO moderation_events SELECT 'e' || g, 'text ' || g, CASE WHEN g % 3 = 0 THEN 'spam' ELSE 'ham' END, timestamptz '2024-05-06' + g * interval '10 minutes', 'test' FROM generate_series(1, 500) g`);
  });

  after(async () => {
    await pool?.end();
    await server?.stop();
    await env?.teardown();
    rmSync(root, { recursive: true, force: true });
  });

  test('retries while PostgreSQL is down and succeeds once it is back', async () => {
    const activities = createDataActivities({ pool, store: new LocalArtifactStore(join(root, 'artifacts')), logger });
    const attempts: { attempt: number; error?: string }[] = [];
    const taskQueue = uniqueTaskQueue('extract-retry');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./extract-retry-workflow'),
      activities: {
        async extractEvents(input: ExtractEventsInput) {
          const attempt = Context.current().info.attempt;
          try {
            const result = await activities.extractEvents(input);
            attempts.push({ attempt });
            return result;
          } catch (err) {
            attempts.push({ attempt, error: (err as Error).message });
            throw err;
          }
        },
      },
    });
    await server!.stop();
    server = undefined;
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('extractWithRetries', {
        taskQueue,
        workflowId: `extract-retry-${Date.now()}`,
        args: [{ modelName: 'retry', dataInterval: { start: '2024-05-06T00:00:00Z', end: '2024-05-13T00:00:00Z' }, trainingWeeks: 1, runKey: 'retry' } satisfies ExtractEventsInput],
      });
      while (attempts.length < 2) await new Promise((r) => setTimeout(r, 100));
      server = await start();
      return handle.result();
    });
    assert.equal(result.manifest.rowCount, 500);
    const failed = attempts.filter((a) => a.error);
    assert.ok(failed.length >= 2, `expected failed attempts while the server was down, saw ${JSON.stringify(attempts)}`);
    assert.match(failed[0]!.error!, /ECONNREFUSED|connect|terminat/i);
    assert.deepEqual(attempts.at(-1), { attempt: attempts.length });
  });
});
