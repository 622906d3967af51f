import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { prepareRun, startPrepared } from '../../client/start-run';
import { TASK_QUEUES } from '../../common/task-queues';
import { createLogger } from '../../lib/logger';
import { seedCorpus } from '../../lib/source';
import { killStartedProcesses, startBuilt, startCli, tempDataDir } from '../support/start-process';
import { startTemporalTestEnv } from '../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../support/test-postgres';

// The production worker processes (workers/*-worker.ts) against external servers, as scaled out.
describe('standalone worker processes', () => {
  let temporal: TestWorkflowEnvironment;
  let pg: TestPostgres;
  before(async () => {
    [temporal, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
  });
  after(async () => {
    killStartedProcesses();
    await temporal?.teardown();
    await pg?.stop();
  });

  for (const [script, queue] of [
    ['workers/gpu-worker.ts', 'factory-gpu'],
    ['workers/cpu-worker.ts', 'factory-cpu'],
  ] as const) {
    test(`${script} drains and exits 0 on SIGTERM, closing its connections`, async () => {
      const graceMs = 5_000;
      const run = startCli(script, [], {
        TEMPORAL_ADDRESS: temporal.address,
        DATABASE_URL: pg.url,
        DATA_DIR: tempDataDir('factory-worker-'),
        SHUTDOWN_GRACE: `${graceMs}ms`,
        LOG_LEVEL: 'info',
      });
      await run.waitFor(/worker process running/, 120_000);
      assert.match(run.output(), new RegExp(`"taskQueue":"${queue}".*"msg":"worker ready"`));
      const signalledAt = Date.now();
      run.child.kill('SIGTERM');
      assert.equal(await run.exited(graceMs + 30_000), 0);
      process.stdout.write(`# ${script}: SIGTERM to exit ${Date.now() - signalledAt} ms\n`);
      assert.match(run.output(), /"msg":"stopped"/);
      assert.doesNotMatch(run.output(), /still running \d+ ms after it finished/);
    });
  }

  test('the built worker (plain node, dist/) runs the prebuilt bundle, names its build and answers /healthz', async () => {
    const root = join(__dirname, '..', '..');
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'build-info.json'), 'utf8')) as { gitCommit?: string };
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const buildId = `${version}${stamp.gitCommit ? `+${stamp.gitCommit.slice(0, 12)}` : ''}`;
    const run = startBuilt('dist/workers/cpu-worker.js', [], {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: pg.url,
      DATA_DIR: tempDataDir('factory-worker-'),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      FACTORY_BUILD_ID: '',
    });
    await run.waitFor(/worker process running/, 120_000);
    const running = run
      .output()
      .split('\n')
      .find((line) => line.includes('worker process running'))!;
    const line = JSON.parse(running) as { build: string; startedInMs: number };
    assert.equal(line.build, buildId, 'the build id comes from dist/build-info.json');
    const port = Number(/"port":(\d+),"msg":"health endpoint on \/healthz"/.exec(run.output())?.[1]);
    assert.ok(port > 0, 'the health endpoint logs its port');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { healthy: true, build: buildId, queues: ['cpu'], states: ['RUNNING'] });
    assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
    process.stdout.write(`# dist/workers/cpu-worker.js: process start to polling ${line.startedInMs} ms\n`);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited(60_000), 0);
    assert.doesNotMatch(run.output(), /bundling|webpack/i, 'the built worker loads the prebuilt bundle instead of bundling at start');
  });

  test('a second SIGTERM while an activity drains forces the exit with 143', async () => {
    await seedCorpus(pg.pool, createLogger({ level: 'warn', pretty: false }));
    const env = { TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: pg.url, DATA_DIR: tempDataDir('factory-worker-'), LOG_LEVEL: 'info' };
    const cpu = startCli('workers/cpu-worker.ts', [], env);
    // A grace far longer than the test: only the second signal can end this drain in time.
    const gpu = startCli('workers/gpu-worker.ts', [], { ...env, SHUTDOWN_GRACE: '10m' });
    await Promise.all([cpu.waitFor(/worker process running/, 120_000), gpu.waitFor(/worker process running/, 120_000)]);
    const prepared = prepareRun('weekly_retraining', { params: { epochs: 50 }, logicalDate: '2002-09-30T03:00:00Z', runKind: 'manual' });
    const { workflowId } = await startPrepared(temporal.client, TASK_QUEUES.cpu, prepared);
    try {
      await gpu.waitFor(/"msg":"epoch done"/, 240_000);
      gpu.child.kill('SIGTERM');
      await gpu.waitFor(/"msg":"stopping: draining/, 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(gpu.child.exitCode, null, 'still draining the training activity');
      gpu.child.kill('SIGTERM');
      assert.equal(await gpu.exited(30_000), 143);
      assert.match(gpu.output(), /error: second SIGTERM while stopping/);
    } finally {
      await temporal.client.workflow
        .getHandle(workflowId)
        .terminate('test done')
        .catch(() => undefined);
    }
    cpu.child.kill('SIGTERM');
    assert.equal(await cpu.exited(60_000), 0);
  });
});
