import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ModelFormatError, selectBackend, syntheticMails, TextClassifier, train } from '../../../lib/ml';

const samples = syntheticMails({ count: 200, seed: 31 });
const config = { epochs: 2, batchSize: 16, embeddingDim: 8, buckets: 2048 };

describe('TextClassifier', () => {
  before(async () => {
    await selectBackend({ preferred: 'cpu' });
  });

  test('predicts the same after its artifact goes through JSON', async () => {
    const { classifier } = await train({ samples, config, onEpochEnd: async () => {} });
    const loaded = TextClassifier.load(JSON.parse(JSON.stringify(classifier.toArtifact())));
    const texts = ['FREE cash prize, click now!!!', 'agenda for the release meeting tomorrow', ''];
    assert.deepEqual(loaded.predictProba(texts), classifier.predictProba(texts));
    classifier.dispose();
    loaded.dispose();
  });

  test('scores texts in batches of any size, including none', async () => {
    const { classifier } = await train({ samples, config, onEpochEnd: async () => {} });
    assert.deepEqual(classifier.predictProba([]), []);
    const many = syntheticMails({ count: 600, seed: 32 }).map((s) => s.text);
    const scores = classifier.predictProba(many);
    classifier.dispose();
    assert.equal(scores.length, 600);
    assert.ok(scores.every((p) => p > 0 && p < 1));
  });

  test('refuses weights whose size does not match the config', async () => {
    const { classifier, checkpoint } = await train({ samples, config, onEpochEnd: async () => {} });
    classifier.dispose();
    const wrong = { ...checkpoint, config: { ...checkpoint.config, buckets: 4096 } };
    assert.throws(
      () => TextClassifier.load(wrong),
      (e: unknown) => e instanceof ModelFormatError && e.message === 'weights.embedding holds 16384 floats; its config implies 32768',
    );
  });

  test('names the missing field when the artifact is not a model', () => {
    assert.throws(
      () => TextClassifier.load({ format: 'text-classifier/v1', config: {} }),
      (e: unknown) => e instanceof ModelFormatError && /weights/.test(e.message),
    );
  });
});
