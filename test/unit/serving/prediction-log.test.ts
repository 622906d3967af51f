import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pool } from '../../../lib/db';
import { createLogger } from '../../../lib/logger';
import { PredictionLog, PredictionLogFullError, SERVING_METRICS, ServingMetrics, type PredictionRecord } from '../../../lib/serving';

const logger = createLogger({ level: 'silent', pretty: false });
const row = (i: number): PredictionRecord => ({
  predictionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  model: 'spam',
  version: 1,
  role: 'champion',
  shadow: false,
  score: 0.5,
  label: 1,
  threshold: 0.5,
  latencyMs: 1,
  error: null,
  textSha256: null,
  createdAt: new Date(),
});

/** A pool whose INSERTs fail while `down` is true and record the rows they carry otherwise. */
function fakePool() {
  const state = { down: true, written: [] as string[], attempts: 0 };
  const pool = {
    query: async (_sql: string, params: unknown[]) => {
      state.attempts++;
      if (state.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      state.written.push(...(params[0] as string[]));
      return { rows: [], rowCount: (params[0] as string[]).length };
    },
  };
  return { pool: pool as unknown as Pool, state };
}

describe('PredictionLog', () => {
  test('keeps rows while writes fail, refuses a request with PredictionLogFullError when full, drops shadow rows with a count', async () => {
    const { pool, state } = fakePool();
    const metrics = new ServingMetrics();
    const log = new PredictionLog(pool, {
      capacity: 4,
      batchSize: 2,
      flushIntervalMs: 5,
      fullWaitMs: 30,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
      logger,
      metrics,
    });
    await log.append([row(1), row(2), row(3)]);
    await assert.rejects(
      log.append([row(4), row(5)]),
      (e: unknown) =>
        e instanceof PredictionLogFullError && e.message === 'prediction log queue is full (4 entries) and did not drain within 30 ms; retry later',
    );
    assert.equal(log.offer([row(6), row(7)]), false);
    assert.equal(metrics.get(SERVING_METRICS.logRejected, { kind: 'request' }), 1);
    assert.equal(metrics.get(SERVING_METRICS.logRejected, { kind: 'shadow' }), 2);
    assert.equal(log.pending, 3);
    assert.ok(state.attempts > 0 && log.degraded);

    state.down = false;
    await log.append([row(8)]);
    assert.equal(await log.close(5_000), 0);
    assert.deepEqual(
      state.written,
      [row(1), row(2), row(3), row(8)].map((r) => r.predictionId),
      'every row once, in order',
    );
  });

  test('a request waiting for room goes in when the writer drains in time', async () => {
    const { pool, state } = fakePool();
    const log = new PredictionLog(pool, {
      capacity: 2,
      batchSize: 2,
      flushIntervalMs: 5,
      fullWaitMs: 10_000,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
      logger,
      metrics: new ServingMetrics(),
    });
    await log.append([row(1), row(2)]);
    const waiting = log.append([row(3)]);
    setTimeout(() => (state.down = false), 50);
    await waiting;
    assert.equal(await log.close(5_000), 0);
    assert.deepEqual(state.written.length, 3);
  });

  test('close gives up after its timeout while the database stays down and reports the rows left', async () => {
    const { pool } = fakePool();
    const log = new PredictionLog(pool, { flushIntervalMs: 5, retryDelayMs: 5, maxRetryDelayMs: 10, logger, metrics: new ServingMetrics() });
    await log.append([row(1)]);
    assert.equal(await log.close(100), 1);
  });
});
