import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { predictionStats, SERVING_METRICS, setTrafficSplit } from '../../../lib/serving';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { HAM, postJson, servingFixture, SPAM, trainedArtifact, waitFor, type ServingFixture } from './serving-fixture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('prediction service on PostgreSQL and a real artifact store', () => {
  let pg: TestPostgres;
  let fx: ServingFixture;
  let good: Buffer;
  let other: Buffer;
  before(async () => {
    pg = await startTestPostgres();
    pg.pool.on('error', () => undefined);
    fx = servingFixture(pg);
    good = await trainedArtifact(1);
    other = await trainedArtifact(2);
  });
  after(async () => {
    fx?.cleanup();
    await pg?.stop();
  });

  const countLog = async (model: string, where = 'true') =>
    (await pg.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM prediction_log WHERE model = $1 AND ${where}`, [model])).rows[0]!.n;

  test('answers in TensorFlow Serving shape with the champion version, a label at its threshold and a prediction id each', async () => {
    const v1 = await fx.register('shape', 'shape-1', good);
    await fx.promote('shape', v1);
    const service = await fx.start({ models: ['shape'] });
    try {
      const res = await postJson(`${service.url}/v1/models/shape:predict`, { instances: [{ text: SPAM }, { text: HAM }] });
      assert.equal(res.status, 200);
      assert.equal(res.body.model_version, v1);
      const predictions = res.body.predictions as { score: number; label: number; predictionId: string }[];
      assert.equal(predictions.length, 2);
      for (const p of predictions) {
        assert.ok(p.score > 0 && p.score < 1, `score ${p.score}`);
        assert.equal(p.label, p.score >= 0.5 ? 1 : 0);
        assert.match(p.predictionId, UUID);
      }
      assert.ok(predictions[0]!.score > predictions[1]!.score, 'the spam text scores above the meeting agenda');
      assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
      const ready = await fetch(`${service.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { models: Record<string, { champion: number }> }).models.shape!.champion, v1);
      const status = (await (await fetch(`${service.url}/v1/models/shape`)).json()) as { model_version_status: { version: string; state: string }[] };
      assert.deepEqual(
        status.model_version_status.map((s) => [s.version, s.state]),
        [[String(v1), 'AVAILABLE']],
      );
    } finally {
      await service.close();
    }
  });

  test("labels at the threshold stored in the version's metrics", async () => {
    const v1 = await fx.register('thresh', 'thresh-1', good, { metrics: { threshold: 0.999, candidate: { f1: 0.9 } } });
    await fx.promote('thresh', v1);
    const service = await fx.start({ models: ['thresh'] });
    try {
      const res = await postJson(`${service.url}/v1/models/thresh:predict`, { instances: [{ text: SPAM }] });
      const [p] = res.body.predictions as { score: number; label: number }[];
      assert.ok(p!.score < 0.999, `score ${p!.score} is below the stored threshold`);
      assert.equal(p!.label, 0);
      await waitFor('the log row', async () => (await countLog('thresh')) === 1);
      const row = (await pg.pool.query<{ threshold: number }>('SELECT threshold FROM prediction_log WHERE model = $1', ['thresh'])).rows[0]!;
      assert.equal(row.threshold, 0.999);
    } finally {
      await service.close();
    }
  });

  test('refuses requests over the limits with 4xx JSON naming the field, the value and the limit', async () => {
    const v1 = await fx.register('limits', 'limits-1', good);
    await fx.promote('limits', v1);
    const service = await fx.start({ models: ['limits'], limits: { maxInstances: 3, maxTextChars: 50, maxBodyBytes: 2048 } });
    const url = `${service.url}/v1/models/limits:predict`;
    try {
      const many = await postJson(url, { instances: [1, 2, 3, 4].map(() => ({ text: 'x' })) });
      assert.equal(many.status, 400);
      assert.equal(many.body.error, 'invalid predict request: instances: expected at most 3 instances, the SERVE_MAX_INSTANCES limit (got 4)');

      const long = await postJson(url, { instances: [{ text: 'ok' }, { text: 'y'.repeat(51) }] });
      assert.equal(long.status, 400);
      assert.equal(long.body.error, 'invalid predict request: instances.1.text: expected at most 50 characters, the SERVE_MAX_TEXT_CHARS limit (got 51)');

      const big = await postJson(url, { instances: [{ text: 'z'.repeat(3000) }] });
      assert.equal(big.status, 413);
      assert.equal(big.body.error, 'request body: expected at most 2048 bytes, the SERVE_MAX_BODY_BYTES limit');

      const empty = await postJson(url, { instances: [] });
      assert.equal(empty.status, 400);
      assert.match(String(empty.body.error), /instances: expected at least one instance/);

      const wrongType = await postJson(url, { instances: [{ text: 42 }] });
      assert.equal(wrongType.status, 400);
      assert.equal(wrongType.body.error, 'invalid predict request: instances.0.text: expected string, got 42');

      const unknown = await postJson(url, { instances: [{ text: 'a' }], signature_name: 'x' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error, 'invalid predict request: signature_name: unknown field');

      const notJson = await postJson(url, '{"instances": [');
      assert.equal(notJson.status, 400);
      assert.match(String(notJson.body.error), /^invalid request body: expected JSON, got "\{\\"instances\\": \["/);

      const otherModel = await postJson(`${service.url}/v1/models/nope:predict`, { instances: [{ text: 'a' }] });
      assert.equal(otherModel.status, 404);
      assert.equal(otherModel.body.error, 'model "nope" is not served here (served: "limits")');
      assert.equal(await countLog('limits'), 0, 'a refused request logs nothing');
    } finally {
      await service.close();
    }
  });

  test('is not ready until the model has a champion, then loads it on the alias NOTIFY', async () => {
    const v1 = await fx.register('later', 'later-1', good);
    const service = await fx.start({ models: ['later'] });
    try {
      assert.equal((await fetch(`${service.url}/readyz`)).status, 503);
      const early = await postJson(`${service.url}/v1/models/later:predict`, { instances: [{ text: HAM }] });
      assert.equal(early.status, 503);
      assert.equal(early.body.error, 'model "later" is not served here: it has no champion yet (served: "later")');
      await fx.promote('later', v1);
      // The poll interval is a minute: only the NOTIFY can make it ready this soon.
      await waitFor('readiness after the promotion', async () => (await fetch(`${service.url}/readyz`)).status === 200, 30_000);
    } finally {
      await service.close();
    }
  });

  test('keeps serving the good version when the new champion fails its sha256 check or does not load', async () => {
    const v1 = await fx.register('corrupt', 'corrupt-1', good);
    await fx.promote('corrupt', v1);
    const service = await fx.start({ models: ['corrupt'] });
    const url = `${service.url}/v1/models/corrupt:predict`;
    try {
      const tampered = await fx.register('corrupt', 'corrupt-2', other, { sha256: 'f'.repeat(64) });
      await fx.promote('corrupt', tampered);
      await waitFor('the refused load', () => service.served.lastFailure('corrupt')?.version === tampered);
      assert.equal(service.served.lastFailure('corrupt')!.reason, 'sha256-mismatch');
      assert.equal(service.metrics.get(SERVING_METRICS.modelLoads, { model: 'corrupt', version: tampered, outcome: 'sha256-mismatch' }), 1);
      const still = await postJson(url, { instances: [{ text: SPAM }] });
      assert.equal(still.status, 200);
      assert.equal(still.body.model_version, v1);

      const junk = await fx.register('corrupt', 'corrupt-3', Buffer.from('{"format":"text-classifier/v1","config":{}}'));
      await fx.promote('corrupt', junk);
      await waitFor('the second refused load', () => service.served.lastFailure('corrupt')?.version === junk);
      assert.equal(service.served.lastFailure('corrupt')!.reason, 'unloadable');
      assert.equal((await postJson(url, { instances: [{ text: SPAM }] })).body.model_version, v1);

      const ready = (await (await fetch(`${service.url}/readyz`)).json()) as {
        ready: boolean;
        models: Record<string, { champion: number; lastLoadFailure: { version: number; reason: string } }>;
      };
      assert.equal(ready.ready, true);
      assert.equal(ready.models.corrupt!.champion, v1);
      assert.deepEqual([ready.models.corrupt!.lastLoadFailure.version, ready.models.corrupt!.lastLoadFailure.reason], [junk, 'unloadable']);
    } finally {
      await service.close();
    }
  });

  test('an alias move under load loses no request and the answers switch to the new version', async () => {
    const v1 = await fx.register('moving', 'moving-1', good);
    const v2 = await fx.register('moving', 'moving-2', other);
    await fx.promote('moving', v1);
    const service = await fx.start({ models: ['moving'] });
    const url = `${service.url}/v1/models/moving:predict`;
    const seen: number[] = [];
    const failures: string[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        const res = await postJson(url, { instances: [{ text: SPAM }, { text: HAM }] }).catch((err: Error) => ({
          status: 0,
          body: { error: err.message } as Record<string, unknown>,
        }));
        if (res.status === 200) seen.push(res.body.model_version as number);
        else failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    try {
      const clients = Array.from({ length: 6 }, client);
      await waitFor('traffic on v1', () => seen.length >= 30);
      await fx.promote('moving', v2);
      const sentBefore = seen.length;
      await waitFor('answers from v2', () => seen.slice(sentBefore).includes(v2));
      const switched = seen.length;
      await waitFor('more traffic on v2', () => seen.length >= switched + 30);
      stop = true;
      await Promise.all(clients);
      assert.deepEqual(failures, []);
      const firstV2 = seen.indexOf(v2);
      assert.ok(firstV2 > 0);
      assert.ok(
        seen.slice(switched).every((v) => v === v2),
        'once switched, every answer comes from v2',
      );
      await waitFor('every prediction logged', async () => (await countLog('moving')) === seen.length * 2);
      assert.equal(await countLog('moving', `version = ${v1}`), seen.filter((v) => v === v1).length * 2);
    } finally {
      stop = true;
      await service.close();
    }
  });

  test('logs every prediction, records feedback, and the stats read agreement from it', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const v1 = await fx.register('feedback', 'feedback-1', good);
    await fx.promote('feedback', v1);
    const service = await fx.start({ models: ['feedback'], hashTexts: true });
    try {
      const res = await postJson(`${service.url}/v1/models/feedback:predict`, { instances: [{ text: SPAM }, { text: HAM }, { text: SPAM }] });
      const predictions = res.body.predictions as { label: number; predictionId: string }[];
      const [a, b, c] = predictions as [(typeof predictions)[0], (typeof predictions)[0], (typeof predictions)[0]];
      const fb = await postJson(`${service.url}/v1/feedback`, { predictionId: a.predictionId, label: a.label, reviewer: 'moderator-7' });
      assert.equal(fb.status, 200);
      assert.deepEqual([fb.body.predictionId, fb.body.label, fb.body.reviewer], [a.predictionId, a.label, 'moderator-7']);
      await postJson(`${service.url}/v1/feedback`, { predictionId: b.predictionId, label: 1 - b.label, reviewer: 'moderator-7' });
      const bad = await postJson(`${service.url}/v1/feedback`, { predictionId: 'not-a-uuid', label: 2, reviewer: '' });
      assert.equal(bad.status, 400);
      assert.match(String(bad.body.error), /predictionId: .*\(got "not-a-uuid"\)/);
      assert.match(String(bad.body.error), /label: expected 0 or 1 \(got 2\)/);
      assert.match(String(bad.body.error), /reviewer: /);

      await waitFor('three log rows', async () => (await countLog('feedback')) === 3);
      const rows = (
        await pg.pool.query<{
          prediction_id: string;
          version: number;
          role: string;
          shadow: boolean;
          label: number;
          text_sha256: string | null;
          latency_ms: number;
        }>('SELECT * FROM prediction_log WHERE model = $1', ['feedback'])
      ).rows;
      assert.deepEqual(new Set(rows.map((r) => r.prediction_id)), new Set([a.predictionId, b.predictionId, c.predictionId]));
      assert.ok(rows.every((r) => r.version === v1 && r.role === 'champion' && !r.shadow && r.latency_ms >= 0 && /^[0-9a-f]{64}$/.test(r.text_sha256 ?? '')));
      const stats = await predictionStats(pg.pool, { model: 'feedback', version: v1, since });
      assert.equal(stats.count, 3);
      assert.equal(stats.errors, 0);
      assert.equal(stats.labelled, 2);
      assert.equal(stats.agreement, 0.5);
      assert.equal(
        stats.scoreHistogram.reduce((s, n) => s + n, 0),
        3,
      );
      assert.equal(stats.positiveRate, predictions.filter((p) => p.label === 1).length / 3);
    } finally {
      await service.close();
    }
  });

  test('a clean shutdown writes every queued prediction', async () => {
    const v1 = await fx.register('flush', 'flush-1', good);
    await fx.promote('flush', v1);
    // Nothing is written before close: the batch never fills and the flush timer is an hour.
    const service = await fx.start({ models: ['flush'], log: { batchSize: 10_000, flushIntervalMs: 3_600_000 } });
    let sent = 0;
    for (let i = 0; i < 20; i++) {
      const res = await postJson(`${service.url}/v1/models/flush:predict`, { instances: [{ text: SPAM }, { text: HAM }] });
      assert.equal(res.status, 200);
      sent += 2;
    }
    assert.equal(service.log.pending, sent);
    assert.equal(await countLog('flush'), 0);
    await service.close();
    assert.equal(await countLog('flush'), sent);
  });

  test('canary answers about the configured share from the challenger; model_version says who answered', async () => {
    const v1 = await fx.register('canary', 'canary-1', good);
    const v2 = await fx.register('canary', 'canary-2', other);
    await fx.promote('canary', v1);
    const service = await fx.start({ models: ['canary'] });
    try {
      await setTrafficSplit(pg.pool, { model: 'canary', challenger: v2, mode: 'canary', canaryPercent: 25, updatedBy: 'test', reason: 'canary step 25%' });
      await waitFor('the challenger loaded', () => service.served.state('canary')?.challenger?.version === v2, 30_000);
      const versions: number[] = [];
      for (let i = 0; i < 400; i++)
        versions.push((await postJson(`${service.url}/v1/models/canary:predict`, { instances: [{ text: HAM }] })).body.model_version as number);
      const share = versions.filter((v) => v === v2).length / versions.length;
      // 400 draws at p = 0.25: the standard deviation is about 0.022, so 0.15..0.35 is over four of them.
      assert.ok(share > 0.15 && share < 0.35, `challenger share ${share}`);
      assert.ok(versions.every((v) => v === v1 || v === v2));
      await waitFor('400 log rows', async () => (await countLog('canary')) === 400);
      assert.equal(await countLog('canary', `role = 'challenger' AND version = ${v2} AND NOT shadow`), versions.filter((v) => v === v2).length);

      await setTrafficSplit(pg.pool, { model: 'canary', challenger: v2, mode: 'off', canaryPercent: 0, updatedBy: 'test', reason: 'rolled back' });
      await waitFor('the challenger unloaded', () => service.served.state('canary')?.challenger === null, 30_000);
      for (let i = 0; i < 20; i++)
        assert.equal((await postJson(`${service.url}/v1/models/canary:predict`, { instances: [{ text: HAM }] })).body.model_version, v1);
    } finally {
      await service.close();
    }
  });

  test('shadow scores every request with the challenger, logs it with shadow=true and never returns it', async () => {
    const v1 = await fx.register('shadow', 'shadow-1', good);
    const v2 = await fx.register('shadow', 'shadow-2', other);
    await fx.promote('shadow', v1);
    await setTrafficSplit(pg.pool, { model: 'shadow', challenger: v2, mode: 'shadow', canaryPercent: 0, updatedBy: 'test', reason: 'shadow first' });
    const service = await fx.start({ models: ['shadow'] });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await postJson(`${service.url}/v1/models/shadow:predict`, { instances: [{ text: i % 2 ? SPAM : HAM }] });
        assert.equal(res.body.model_version, v1);
        ids.push(...(res.body.predictions as { predictionId: string }[]).map((p) => p.predictionId));
      }
      await waitFor('the shadow rows', async () => (await countLog('shadow', 'shadow')) === 50);
      const shadow = (
        await pg.pool.query<{ prediction_id: string; version: number; role: string }>('SELECT * FROM prediction_log WHERE model = $1 AND shadow', ['shadow'])
      ).rows;
      assert.ok(shadow.every((r) => r.version === v2 && r.role === 'challenger'));
      assert.deepEqual(new Set(shadow.map((r) => r.prediction_id)), new Set(ids), 'the shadow scored the same requests, under the same ids');
      assert.equal(await countLog('shadow', `NOT shadow AND version = ${v1}`), 50);
    } finally {
      await service.close();
    }
  });
  test('a canary challenger whose predict throws is logged and counted as errors of its version, and the champion answers', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const v1 = await fx.register('failing', 'failing-1', good);
    const v2 = await fx.register('failing', 'failing-2', other);
    await fx.promote('failing', v1);
    await setTrafficSplit(pg.pool, { model: 'failing', challenger: v2, mode: 'canary', canaryPercent: 100, updatedBy: 'test', reason: 'all to the canary' });
    const service = await fx.start({ models: ['failing'] });
    try {
      const challenger = service.served.state('failing')?.challenger;
      assert.equal(challenger?.version, v2);
      // A freed model's tensors are gone, so its predict throws: the fault a broken challenger shows.
      challenger.classifier.dispose();
      const res = await postJson(`${service.url}/v1/models/failing:predict`, { instances: [{ text: SPAM }, { text: HAM }] });
      assert.equal(res.status, 200);
      assert.equal(res.body.model_version, v1);
      const returned = (res.body.predictions as { predictionId: string }[]).map((p) => p.predictionId);
      assert.equal(service.metrics.get(SERVING_METRICS.predictions, { model: 'failing', version: v2, role: 'challenger', shadow: false, outcome: 'error' }), 2);
      await waitFor('four log rows', async () => (await countLog('failing')) === 4);
      const errors = (
        await pg.pool.query<{ prediction_id: string; error: string }>(
          'SELECT prediction_id, error FROM prediction_log WHERE model = $1 AND error IS NOT NULL',
          ['failing'],
        )
      ).rows;
      assert.equal(errors.length, 2);
      assert.ok(
        errors.every((e) => !returned.includes(e.prediction_id) && e.error.length > 0),
        'error rows keep ids that were never returned',
      );
      const stats = await predictionStats(pg.pool, { model: 'failing', version: v2, role: 'challenger', since });
      assert.deepEqual([stats.count, stats.errors], [2, 2]);
    } finally {
      await service.close();
    }
  });
  test('follows an alias move by polling when its LISTEN connection cannot be opened', async () => {
    const v1 = await fx.register('polled', 'polled-1', good);
    const v2 = await fx.register('polled', 'polled-2', other);
    await fx.promote('polled', v1);
    // Port 1 refuses: the listener retries in the background and only the poll sees changes.
    const service = await fx.start({ models: ['polled'], databaseUrl: 'postgres://nobody:none@127.0.0.1:1/none', pollIntervalMs: 300 });
    try {
      assert.equal((await postJson(`${service.url}/v1/models/polled:predict`, { instances: [{ text: HAM }] })).body.model_version, v1);
      await fx.promote('polled', v2);
      await waitFor('the poll to load v2', () => service.served.state('polled')?.champion?.version === v2, 30_000);
      assert.equal((await postJson(`${service.url}/v1/models/polled:predict`, { instances: [{ text: HAM }] })).body.model_version, v2);
    } finally {
      await service.close();
    }
  });
});
