import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createPool, migrate, startEmbeddedPostgres, type Pool, type RunningPostgres } from '../../../lib/db';
import { createLogger } from '../../../lib/logger';
import { HAM, postJson, servingFixture, SPAM, trainedArtifact, waitFor, type ServingFixture } from './serving-fixture';

// This file stops and restarts its own PostgreSQL, so it does not share test/support's server.
let root: string;
let dataDir: string;
let server: RunningPostgres;
let pool: Pool;
let fx: ServingFixture;
const logger = createLogger({ level: 'error', pretty: false });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'factory-pg-outage-'));
  dataDir = join(root, 'postgres');
  server = await startEmbeddedPostgres({ dataDir, port: 0, logger });
  pool = createPool(server.url);
  await migrate(pool);
  fx = servingFixture({ pool, url: server.url });
  const v1 = await fx.register('outage', 'outage-1', await trainedArtifact(1));
  await fx.promote('outage', v1);
});
after(async () => {
  await pool?.end();
  await server?.stop();
  fx?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const countLog = async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM prediction_log WHERE model = 'outage'")).rows[0]!.n;

test('PostgreSQL stopped during logging neither blocks nor fails predictions; the log catches up after the restart, and a full queue answers 503', async () => {
  const fast = { retryDelayMs: 100, maxRetryDelayMs: 500, flushIntervalMs: 50 };
  const service = await fx.start({ models: ['outage'], pollIntervalMs: 1_000, log: fast });
  // A second instance with a tiny queue shows the back-pressure: it refuses instead of dropping rows.
  const small = await fx.start({ models: ['outage'], pollIntervalMs: 1_000, log: { ...fast, capacity: 10, fullWaitMs: 100 } });
  const predictOn = (url: string) => postJson(`${url}/v1/models/outage:predict`, { instances: [{ text: SPAM }, { text: HAM }] });
  try {
    for (let i = 0; i < 10; i++) assert.equal((await predictOn(service.url)).status, 200);
    await waitFor('the first rows', async () => (await countLog()) === 20);

    await server.stop();
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const res = await predictOn(service.url);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.model_version, 1);
    }
    // Fifty requests answered from memory; a blocked log would have waited on each connection timeout (5 s).
    assert.ok(Date.now() - started < 20_000, `50 predictions took ${Date.now() - started} ms with the database down`);
    await waitFor('the writer to notice the outage', () => service.log.degraded);
    assert.equal(service.log.pending, 100);
    const ready = (await (await fetch(`${service.url}/readyz`)).json()) as { ready: boolean; predictionLog: { pending: number; degraded: boolean } };
    assert.deepEqual(ready.predictionLog, { pending: 100, degraded: true });
    assert.equal(ready.ready, true, 'a model is loaded, so the service stays in rotation');

    for (let i = 0; i < 5; i++) assert.equal((await predictOn(small.url)).status, 200);
    const full = await fetch(`${small.url}/v1/models/outage:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ text: SPAM }] }),
    });
    assert.equal(full.status, 503);
    assert.equal(full.headers.get('retry-after'), '1');
    assert.deepEqual(await full.json(), {
      error: 'prediction log queue is full (10 entries) and did not drain within 100 ms; retry later',
      code: 'PredictionLogFull',
    });

    server = await startEmbeddedPostgres({ dataDir, port: server.port, logger });
    await waitFor(
      'the log to catch up',
      async () => service.log.pending === 0 && small.log.pending === 0 && (await countLog().catch(() => -1)) === 130,
      120_000,
    );
    assert.equal(service.log.degraded, false);
    assert.equal((await predictOn(small.url)).status, 200, 'the small queue takes requests again once drained');
  } finally {
    await small.close();
    await service.close();
  }
});
