import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ComputePool, ComputePoolClosedError, ComputeTaskError, Hash64Set } from '../../../lib/compute';
import { DatasetScanner } from '../../../lib/dataset/validate-dataset';
import { NaiveBayesBaseline, syntheticMails } from '../../../lib/ml';

describe('ComputePool', () => {
  const pool = new ComputePool({ size: 1 });
  after(() => pool.close());

  test('fits the naive-Bayes baseline in a thread to the same artifact as in this one', async () => {
    const samples = syntheticMails({ count: 300, seed: 5 });
    const offThread = await NaiveBayesBaseline.fitOffThread(samples, {}, { pool });
    assert.deepEqual(offThread.toJSON(), NaiveBayesBaseline.fit(samples).toJSON());
  });

  test('keeps this event loop free while a thread scores, and reports progress', async () => {
    const samples = syntheticMails({ count: 3000, seed: 9 });
    const model = NaiveBayesBaseline.fit(samples);
    const texts = samples.map((s) => s.text);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const progress: number[] = [];
    const { scores } = await pool.run(
      'scoreModels',
      { texts, models: [{ kind: 'baseline', artifact: model.toJSON() }] },
      { onProgress: (p) => progress.push(p.rowsDone) },
    );
    clearInterval(timer);
    assert.deepEqual(scores[0], model.predictProba(texts));
    assert.ok(progress.length >= 2, `progress seen ${progress.length} times`);
    assert.ok(ticks > 0, 'timers ran while the thread worked');
  });

  test('rejects with the thread error, then runs the next task on the same pool', async () => {
    await assert.rejects(
      pool.run('fitBaseline', { samples: [], options: {} }),
      (e: unknown) => e instanceof ComputeTaskError && /InvalidSamplesError|samples/.test(e.message),
    );
    const ok = await pool.run('fitBaseline', { samples: syntheticMails({ count: 50, seed: 1 }), options: {} });
    assert.equal(ok.format, 'naive-bayes/v1');
  });

  test('aborting a running task rejects with the reason and a new thread serves the next one', async () => {
    const texts = syntheticMails({ count: 20000, seed: 3 }).map((s) => s.text);
    const artifact = NaiveBayesBaseline.fit(syntheticMails({ count: 200, seed: 2 })).toJSON();
    const controller = new AbortController();
    const running = pool.run(
      'scoreModels',
      {
        texts,
        models: [
          { kind: 'baseline', artifact },
          { kind: 'baseline', artifact },
        ],
      },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('cancelled by test')),
      },
    );
    await assert.rejects(running, /cancelled by test/);
    const ok = await pool.run('fitBaseline', { samples: syntheticMails({ count: 50, seed: 1 }), options: {} });
    assert.equal(ok.format, 'naive-bayes/v1');
  });

  test('streams chunks to a scan and gets the same result as scanning here', async () => {
    const rows = [
      '{"id":"a","text":"héllo wörld","label":0,"eventTime":"2026-01-01T00:00:00Z","source":"s"}',
      'not json',
      '{"id":"a","text":"héllo wörld","label":1,"eventTime":"2026-01-01T00:00:00Z","source":"s"}',
    ];
    const bytes = Buffer.from(rows.join('\n'));
    const stream = pool.open('scanDataset', { maxExamples: 5 });
    // Three-byte chunks cut the two-byte characters in half.
    for (let at = 0; at < bytes.length; at += 3) await stream.write(bytes.subarray(at, at + 3));
    const { scan } = await stream.end();
    const here = new DatasetScanner(5);
    here.push(bytes);
    here.end();
    assert.deepEqual(scan, here.scan);
    assert.equal(scan.malformed, 1);
    assert.equal(scan.duplicateIds, 1);
    assert.equal(scan.duplicateTexts, 1);
    assert.equal(scan.profile.rows, 2);
  });

  test('after close, run rejects with ComputePoolClosedError', async () => {
    const closed = new ComputePool({ size: 1 });
    await closed.close();
    await assert.rejects(closed.run('fitBaseline', { samples: [], options: {} }), ComputePoolClosedError);
  });

  test('refuses a size that is not a positive integer, quoting it', () => {
    assert.throws(() => new ComputePool({ size: 0 }), /size must be a positive integer \(got 0\)/);
  });
});

describe('Hash64Set', () => {
  test('finds every repeated key exactly while growing past its first capacity', () => {
    const set = new Hash64Set(16);
    for (let i = 0; i < 50_000; i++) assert.equal(set.addString(`key-${i}`), true);
    for (let i = 0; i < 50_000; i += 997) assert.equal(set.addString(`key-${i}`), false);
    assert.equal(set.size, 50_000);
    assert.ok(set.byteLength <= 50_000 * 4 * 8, `table is ${set.byteLength} bytes`);
  });
});
