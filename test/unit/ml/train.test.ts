import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  binaryMetrics,
  type Checkpoint,
  CheckpointMismatchError,
  InvalidSamplesError,
  NonFiniteLossError,
  selectBackend,
  syntheticMails,
  train,
  TrainingAbortedError,
} from '../../../lib/ml';

// Small enough that a whole run takes well under a second on the cpu backend.
const config = { epochs: 3, batchSize: 16, learningRate: 10, embeddingDim: 8, buckets: 4096, maxTokens: 200, seed: 7 };
const samples = syntheticMails({ count: 400, seed: 11 });
const holdout = syntheticMails({ count: 200, seed: 12 });
const ignore = async () => {};

async function trainCollecting(options: Partial<Parameters<typeof train>[0]> = {}) {
  const checkpoints: Checkpoint[] = [];
  const result = await train({
    samples,
    config,
    onEpochEnd: async (checkpoint) => {
      // Through JSON, as an artifact store would keep it.
      checkpoints.push(JSON.parse(JSON.stringify(checkpoint)) as Checkpoint);
    },
    ...options,
  });
  return { ...result, checkpoints };
}

describe('train', () => {
  before(async () => {
    await selectBackend({ preferred: 'cpu' });
  });

  test('learns to separate synthetic spam from ham', async () => {
    const { classifier } = await trainCollecting();
    const metrics = binaryMetrics(
      holdout.map((s) => s.label),
      classifier.predictProba(holdout.map((s) => s.text)),
    );
    classifier.dispose();
    assert.ok(metrics.f1 > 0.95, `F1 ${metrics.f1}`);
    assert.ok(metrics.rocAuc > 0.98, `ROC-AUC ${metrics.rocAuc}`);
  });

  test('is reproducible: the same seed gives the same weights', async () => {
    const a = await trainCollecting();
    const b = await trainCollecting();
    a.classifier.dispose();
    b.classifier.dispose();
    assert.deepEqual(a.checkpoint, b.checkpoint);
  });

  test('resumed from the checkpoint of epoch 1, ends exactly where uninterrupted training ends', async () => {
    const full = await trainCollecting();
    full.classifier.dispose();
    const first = full.checkpoints[0] as Checkpoint;
    assert.equal(first.epoch, 1);

    const resumedEpochs: number[] = [];
    const resumed = await train({
      samples,
      config,
      startFrom: first,
      onEpochEnd: async (_checkpoint, stats) => {
        resumedEpochs.push(stats.epoch);
      },
    });
    resumed.classifier.dispose();
    assert.deepEqual(resumedEpochs, [2, 3]);
    assert.deepEqual(resumed.checkpoint, full.checkpoint);
  });

  test('reports every batch and every epoch, with 1-based numbers', async () => {
    const batches: string[] = [];
    const epochs: number[] = [];
    const { classifier } = await train({
      samples: samples.slice(0, 40),
      config: { ...config, epochs: 2 },
      onBatch: async ({ epoch, batch, batches: total }) => {
        batches.push(`${epoch}.${batch}/${total}`);
      },
      onEpochEnd: async (checkpoint, stats) => {
        epochs.push(checkpoint.epoch);
        assert.equal(stats.epochs, 2);
        assert.ok(stats.loss > 0 && stats.samplesPerSecond > 0);
      },
    });
    classifier.dispose();
    assert.deepEqual(batches, ['1.1/3', '1.2/3', '1.3/3', '2.1/3', '2.2/3', '2.3/3']);
    assert.deepEqual(epochs, [1, 2]);
  });

  test('throws NonFiniteLossError naming the epoch and batch when the loss diverges', async () => {
    await assert.rejects(train({ samples, config: { ...config, learningRate: 1e30 }, onEpochEnd: ignore }), (error: unknown) => {
      assert.ok(error instanceof NonFiniteLossError);
      assert.equal(error.epoch, 1);
      assert.ok(error.batch >= 2 && error.batch <= 25, `batch ${error.batch}`);
      assert.match(error.message, /at epoch 1, batch \d+; lower the learning rate/);
      return true;
    });
  });

  test('stops at the next batch boundary once the signal aborts', async () => {
    const controller = new AbortController();
    await assert.rejects(
      train({
        samples,
        config,
        signal: controller.signal,
        onBatch: async ({ batch }) => {
          if (batch === 3) controller.abort(new Error('activity cancelled'));
        },
        onEpochEnd: ignore,
      }),
      (error: unknown) => {
        assert.ok(error instanceof TrainingAbortedError);
        assert.equal(error.epoch, 1);
        assert.equal(error.batch, 4);
        assert.equal((error.cause as Error).message, 'activity cancelled');
        return true;
      },
    );
  });

  test('notices an abort from a timer while training runs, within a few batches', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 50);
    await assert.rejects(train({ samples, config: { ...config, epochs: 1000 }, signal: controller.signal, onEpochEnd: ignore }), TrainingAbortedError);
    assert.ok(abortedAt > 0, 'training ended before the timer fired');
    assert.ok(performance.now() - abortedAt < 250, `took ${performance.now() - abortedAt} ms to stop`);
  });

  test('keeps the number of live tensors flat across epochs and frees them all on error', async () => {
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const { classifier } = await trainCollecting({
      onEpochEnd: async () => {
        perEpoch.push(tf.memory().numTensors);
      },
    });
    classifier.predictProba(holdout.slice(0, 10).map((s) => s.text));
    classifier.dispose();
    assert.deepEqual(perEpoch, [before + 3, before + 3, before + 3], 'only the three weight variables live');
    assert.equal(tf.memory().numTensors, before);

    await assert.rejects(train({ samples, config: { ...config, learningRate: 1e30 }, onEpochEnd: ignore }));
    assert.equal(tf.memory().numTensors, before);
  });

  test('refuses to resume from a checkpoint of other settings or other samples', async () => {
    const { checkpoints, classifier } = await trainCollecting({ config: { ...config, epochs: 1 } });
    classifier.dispose();
    const first = checkpoints[0] as Checkpoint;
    await assert.rejects(
      train({ samples, config: { ...config, seed: 8 }, startFrom: first, onEpochEnd: ignore }),
      (e: unknown) => e instanceof CheckpointMismatchError && e.field === 'config.epochs',
    );
    await assert.rejects(
      train({ samples: samples.slice(1), config: { ...config, epochs: 1 }, startFrom: first, onEpochEnd: ignore }),
      (e: unknown) => e instanceof CheckpointMismatchError && e.field === 'dataFingerprint',
    );
  });

  test('rejects a training set with a single label before training', async () => {
    await assert.rejects(
      train({ samples: samples.filter((s) => s.label === 0), config, onEpochEnd: ignore }),
      (e: unknown) => e instanceof InvalidSamplesError && /both labels \(got \d+ with label 0 and 0 with label 1\)/.test(e.message),
    );
  });
});
