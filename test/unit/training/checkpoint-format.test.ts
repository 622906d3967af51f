import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { ModelFormatError, selectBackend, syntheticMails, train, type Checkpoint } from '../../../lib/ml';
import { decodeCheckpoint, encodeCheckpoint } from '../../../lib/ml/checkpoint';
import { checkpointKey, CheckpointStore, gzipJson } from '../../../lib/training';
import { SMALL_CONFIG } from '../../integration/training/synthetic-dataset';

describe('binary checkpoint format', () => {
  let dir: string;
  let store: LocalArtifactStore;
  let checkpoint: Checkpoint;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factory-checkpoint-format-'));
    store = new LocalArtifactStore(dir);
    await selectBackend({ preferred: 'cpu' });
    const { classifier, checkpoint: last } = await train({
      samples: syntheticMails({ count: 120, seed: 5 }),
      config: { ...SMALL_CONFIG, epochs: 2 },
      onEpochEnd: async () => undefined,
    });
    classifier.dispose();
    checkpoint = last;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('decodes to exactly the checkpoint it encoded: weights, PRNG state and history', () => {
    assert.deepEqual(decodeCheckpoint(encodeCheckpoint(checkpoint)), checkpoint);
  });

  test('is the size of the raw float32 weights plus a small header', () => {
    const floats = SMALL_CONFIG.buckets * SMALL_CONFIG.embeddingDim + SMALL_CONFIG.embeddingDim + 1;
    const bytes = encodeCheckpoint(checkpoint).byteLength;
    assert.ok(bytes > floats * 4 && bytes < floats * 4 + 2048, `${bytes} bytes for ${floats} floats`);
  });

  test('refuses a truncated file, naming what is wrong', () => {
    const bytes = encodeCheckpoint(checkpoint);
    assert.throws(
      () => decodeCheckpoint(bytes.subarray(0, bytes.byteLength - 4)),
      (e: unknown) => e instanceof ModelFormatError && /weight bytes; its header says/.test(e.message),
    );
    assert.throws(() => decodeCheckpoint(Buffer.from('{"format":"text-classifier/v1"}')), /wrong magic bytes/);
  });

  test('still loads a checkpoint written as gzipped JSON before the binary format', async () => {
    const ref = await store.put(checkpointKey('legacy', checkpoint.epoch), await gzipJson(checkpoint));
    const loaded = await new CheckpointStore(store, 'legacy').load({ epoch: checkpoint.epoch, ref });
    assert.deepEqual(loaded, checkpoint);
  });
});
