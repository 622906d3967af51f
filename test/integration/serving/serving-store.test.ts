import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { UnknownModelVersionError } from '../../../lib/registry';
import { ModelRegistry } from '../../../lib/registry';
import {
  dropExpiredPartitions,
  ensurePartitions,
  InvalidServingInputError,
  listPartitions,
  predictionStats,
  readTrafficSplit,
  SERVING_CHANNEL,
  setTrafficSplit,
  trafficHistory,
} from '../../../lib/serving';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { registration } from '../registry/registration-fixture';

const DAY = 86_400_000;

describe('serving tables on PostgreSQL: traffic split, partitions, stats', () => {
  let db: TestPostgres;
  before(async () => {
    db = await startTestPostgres();
    db.pool.on('error', () => undefined);
    const registry = new ModelRegistry(db.pool);
    for (const key of ['split-1', 'split-2']) await registry.registerVersion(registration('split', `${key}/register_model`));
    await registry.registerVersion(registration('stats', 'stats-1/register_model'));
  });
  after(() => db?.stop());

  test('setTrafficSplit upserts, appends history, NOTIFYs the services and is idempotent for the same values', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(`${m.channel}:${m.payload}`));
    await listener.query(`LISTEN ${SERVING_CHANNEL}`);
    try {
      assert.equal(await readTrafficSplit(db.pool, 'split'), null);
      const shadow = await setTrafficSplit(db.pool, {
        model: 'split',
        challenger: 2,
        mode: 'shadow',
        canaryPercent: 0,
        updatedBy: 'deploy_model',
        reason: 'shadow',
      });
      assert.deepEqual(
        { ...shadow, updatedAt: undefined },
        {
          model: 'split',
          challenger: 2,
          mode: 'shadow',
          canaryPercent: 0,
          updatedBy: 'deploy_model',
          reason: 'shadow',
          updatedAt: undefined,
        },
      );
      const again = await setTrafficSplit(db.pool, {
        model: 'split',
        challenger: 2,
        mode: 'shadow',
        canaryPercent: 0,
        updatedBy: 'retry',
        reason: 'retried activity',
      });
      assert.deepEqual(again, shadow, 'a retry returns the split as it was');
      const canary = await setTrafficSplit(db.pool, {
        model: 'split',
        challenger: 2,
        mode: 'canary',
        canaryPercent: 5,
        updatedBy: 'deploy_model',
        reason: 'step 5%',
      });
      assert.deepEqual(await readTrafficSplit(db.pool, 'split'), canary);
      const history = await trafficHistory(db.pool, 'split');
      assert.deepEqual(
        history.map((h) => [h.mode, h.canaryPercent, h.reason]),
        [
          ['shadow', 0, 'shadow'],
          ['canary', 5, 'step 5%'],
        ],
      );
      const deadline = Date.now() + 30_000;
      while (heard.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(heard, [`${SERVING_CHANNEL}:split`, `${SERVING_CHANNEL}:split`]);
    } finally {
      await listener.end();
    }
  });

  test('setTrafficSplit refuses bad input naming the field and the value, and an unknown version', async () => {
    await assert.rejects(
      setTrafficSplit(db.pool, { model: 'split', challenger: null, mode: 'canary', canaryPercent: 101, updatedBy: 'x', reason: 'y' }),
      (e: unknown) =>
        e instanceof InvalidServingInputError &&
        e.message ===
          'invalid traffic split: canaryPercent: Too big: expected number to be <=100 (got 101); challenger: must name a version when mode is "shadow" or "canary" (got null)',
    );
    await assert.rejects(
      setTrafficSplit(db.pool, { model: 'split', challenger: 9, mode: 'shadow', canaryPercent: 0, updatedBy: 'x', reason: 'y' }),
      (e: unknown) => e instanceof UnknownModelVersionError && e.message === 'version 9 of model "split" does not exist (latest: 2)',
    );
    await assert.rejects(
      setTrafficSplit(db.pool, { model: 'nobody', challenger: null, mode: 'off', canaryPercent: 0, updatedBy: 'x', reason: 'y' }),
      UnknownModelVersionError,
    );
  });

  test('retention drops the partitions older than the retention and keeps the recent ones', async () => {
    const now = new Date();
    await ensurePartitions(db.pool, now);
    const old = new Date(now.getTime() - 40 * DAY);
    const created = await ensurePartitions(db.pool, old, { daysBehind: 0, daysAhead: 0 });
    assert.equal(created.length, 1);
    await db.pool.query(
      `INSERT INTO prediction_log (prediction_id, model, version, role, shadow, score, label, threshold, latency_ms, created_at)
       VALUES ($1, 'stats', 1, 'champion', false, 0.9, 1, 0.5, 1, $2), ($3, 'stats', 1, 'champion', false, 0.1, 0, 0.5, 1, $4)`,
      [randomUUID(), old, randomUUID(), now],
    );
    const before = (await listPartitions(db.pool)).map((p) => p.name);
    const dropped = await dropExpiredPartitions(db.pool, 30, now);
    assert.deepEqual(dropped, created);
    const afterDrop = (await listPartitions(db.pool)).map((p) => p.name);
    assert.deepEqual(
      afterDrop,
      before.filter((p) => !created.includes(p)),
    );
    assert.equal((await db.pool.query("SELECT 1 FROM prediction_log WHERE model = 'stats'")).rowCount, 1, "today's row stays");
    assert.deepEqual(await dropExpiredPartitions(db.pool, 30, now), [], 'a second run drops nothing');
  });

  test('predictionStats counts errors, latency percentiles, the score histogram and an empty window', async () => {
    const at = new Date();
    const rows = [
      { score: 0.05, label: 0, latency: 1, error: null },
      { score: 0.95, label: 1, latency: 3, error: null },
      { score: 1, label: 1, latency: 5, error: null },
      { score: null, label: null, latency: 7, error: 'boom' },
    ];
    for (const r of rows) {
      await db.pool.query(
        `INSERT INTO prediction_log (prediction_id, model, version, role, shadow, score, label, threshold, latency_ms, error, created_at)
         VALUES ($1, 'stats', 1, 'challenger', true, $2, $3, 0.5, $4, $5, $6)`,
        [randomUUID(), r.score, r.label, r.latency, r.error, at],
      );
    }
    const stats = await predictionStats(db.pool, {
      model: 'stats',
      version: 1,
      role: 'challenger',
      shadow: true,
      since: new Date(at.getTime() - 1000).toISOString(),
    });
    assert.equal(stats.count, 4);
    assert.equal(stats.errors, 1);
    assert.equal(stats.p50Ms, 4);
    assert.ok(Math.abs(stats.p99Ms - 6.94) < 1e-9, `p99 ${stats.p99Ms}`);
    assert.ok(Math.abs(stats.meanScore - 2 / 3) < 1e-9);
    assert.ok(Math.abs(stats.positiveRate - 2 / 3) < 1e-9);
    assert.deepEqual(stats.scoreHistogram, [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    assert.equal(stats.agreement, null);
    const empty = await predictionStats(db.pool, { model: 'stats', version: 1, since: new Date(at.getTime() + DAY).toISOString() });
    assert.deepEqual(empty, {
      count: 0,
      errors: 0,
      p50Ms: 0,
      p99Ms: 0,
      meanScore: 0,
      positiveRate: 0,
      scoreHistogram: new Array(10).fill(0),
      labelled: 0,
      agreement: null,
    });
    await assert.rejects(
      predictionStats(db.pool, { model: 'stats', version: 0, since: 'yesterday' }),
      (e: unknown) => e instanceof InvalidServingInputError && /version: .*\(got 0\); since: .*\(got "yesterday"\)/.test(e.message),
    );
  });
});
