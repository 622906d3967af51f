import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, BACKENDS, binaryMetrics, type Checkpoint, selectBackend, syntheticMails, train } from '../../../lib/ml';

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
const hasTfjsNode = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

describe('selectBackend', () => {
  test('picks the fastest backend that starts and says why it passed over the others', async () => {
    const choice = await selectBackend();
    assert.ok(BACKENDS.includes(choice.backend));
    assert.equal(tf.getBackend(), choice.backend);
    if (!hasTfjsNode) {
      assert.equal(choice.backend, 'wasm');
      assert.equal(choice.skipped[0]?.backend, 'tensorflow');
      assert.match(choice.skipped[0]?.reason ?? '', /neither tfjs-node package loads/);
    }
  });

  test('trains on wasm from the local binaries and resumes from a checkpoint exactly', async () => {
    assert.equal((await selectBackend({ preferred: 'wasm' })).backend, 'wasm');
    const samples = syntheticMails({ count: 300, seed: 5 });
    const holdout = syntheticMails({ count: 100, seed: 6 });
    const config = { epochs: 2, batchSize: 16, embeddingDim: 8, buckets: 2048, seed: 3 };
    const checkpoints: Checkpoint[] = [];
    const full = await train({ samples, config, onEpochEnd: async (c) => void checkpoints.push(c) });
    const f1 = binaryMetrics(
      holdout.map((s) => s.label),
      full.classifier.predictProba(holdout.map((s) => s.text)),
    ).f1;
    full.classifier.dispose();
    const resumed = await train({ samples, config, startFrom: checkpoints[0], onEpochEnd: async () => {} });
    resumed.classifier.dispose();
    assert.ok(f1 > 0.95, `F1 ${f1}`);
    assert.deepEqual(resumed.checkpoint, full.checkpoint);
  });

  test('uses exactly the backend asked for', async () => {
    assert.deepEqual(await selectBackend({ preferred: 'cpu' }), { backend: 'cpu', skipped: [] });
    assert.equal(tf.getBackend(), 'cpu');
  });

  test('fails loudly when the backend asked for cannot start', { skip: hasTfjsNode && 'tfjs-node is installed' }, async () => {
    await assert.rejects(selectBackend({ preferred: 'tensorflow' }), (e: unknown) => {
      assert.ok(e instanceof BackendUnavailableError);
      assert.equal(e.backend, 'tensorflow');
      assert.match(e.message, /tfjs backend 'tensorflow' is not available: neither tfjs-node package loads/);
      return true;
    });
  });
});
