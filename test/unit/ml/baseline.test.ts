import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { binaryMetrics, InvalidSamplesError, ModelFormatError, NaiveBayesBaseline, syntheticMails } from '../../../lib/ml';

const samples = syntheticMails({ count: 400, seed: 21 });
const holdout = syntheticMails({ count: 200, seed: 22 });
const options = { buckets: 4096 };

describe('NaiveBayesBaseline', () => {
  test('learns to separate synthetic spam from ham', () => {
    const model = NaiveBayesBaseline.fit(samples, options);
    const m = binaryMetrics(
      holdout.map((s) => s.label),
      model.predictProba(holdout.map((s) => s.text)),
    );
    assert.ok(m.f1 > 0.95, `F1 ${m.f1}`);
    assert.ok(m.rocAuc > 0.98, `ROC-AUC ${m.rocAuc}`);
  });

  test('keeps scores graded instead of saturating at 0 and 1 on long texts', () => {
    const model = NaiveBayesBaseline.fit(samples, options);
    const long = 'free cash prize click now '.repeat(400);
    const [p] = model.predictProba([long]);
    assert.ok(p !== undefined && p > 0.5 && p < 1, `score ${p}`);
  });

  test('predicts the same after a round trip through JSON', () => {
    const model = NaiveBayesBaseline.fit(samples, options);
    const loaded = NaiveBayesBaseline.load(JSON.parse(JSON.stringify(model)));
    const texts = holdout.slice(0, 20).map((s) => s.text);
    assert.deepEqual(loaded.predictProba(texts), model.predictProba(texts));
  });

  test('names the bad field when loading something that is not a baseline', () => {
    assert.throws(
      () => NaiveBayesBaseline.load({ format: 'naive-bayes/v1', options: { buckets: -1 } }),
      (e: unknown) => e instanceof ModelFormatError && /options\.buckets/.test(e.message),
    );
  });

  test('rejects a sample whose label is not 0 or 1, naming its index', () => {
    const bad = [...samples.slice(0, 3), { text: 'x', label: 2 as unknown as 0 }];
    assert.throws(
      () => NaiveBayesBaseline.fit(bad, options),
      (e: unknown) => e instanceof InvalidSamplesError && e.message === 'sample 3 has label 2; expected 0 or 1',
    );
  });
});
