import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LocalArtifactStore, readAll } from '../../../lib/artifacts';
import { selectBackend, syntheticMails, train, type Checkpoint } from '../../../lib/ml';
import { checkpointKey, CheckpointStore, CheckpointWriter, type CommittedCheckpoint } from '../../../lib/training';
import { SMALL_CONFIG } from '../../integration/training/synthetic-dataset';

describe('checkpoint store', () => {
  let dir: string;
  let store: LocalArtifactStore;
  const checkpoints: Checkpoint[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factory-checkpoints-'));
    store = new LocalArtifactStore(dir);
    await selectBackend({ preferred: 'cpu' });
    const { classifier } = await train({
      samples: syntheticMails({ count: 120, seed: 3 }),
      config: { ...SMALL_CONFIG, epochs: 3 },
      onEpochEnd: async (checkpoint) => {
        checkpoints.push(checkpoint);
      },
    });
    classifier.dispose();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('stores a checkpoint gzipped under its epoch key and reads back an equal one', async () => {
    const saved = await new CheckpointStore(store, 'roundtrip').save(checkpoints[0]!);
    assert.equal(saved.ref.uri, store.uriFor(checkpointKey('roundtrip', 1)));
    const bytes = await readAll(await store.openRead(saved.ref.uri));
    assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b]);
    assert.deepEqual(await new CheckpointStore(store, 'roundtrip').load(saved), JSON.parse(JSON.stringify(checkpoints[0])));
  });

  test('keeps checkpoints of a run key with spaces, colons and # apart and readable', async () => {
    const checkpointStore = new CheckpointStore(store, 'weekly_retraining/spam/manual run: #2');
    const saved = await checkpointStore.save(checkpoints[0]!);
    assert.deepEqual(await checkpointStore.newest(undefined, 3), saved);
    assert.equal((await checkpointStore.load(saved)).epoch, 1);
  });

  test('writing the same checkpoint again gives the same ref (a retried epoch is a no-op)', async () => {
    const checkpointStore = new CheckpointStore(store, 'rewrite');
    const first = await checkpointStore.save(checkpoints[1]!);
    assert.deepEqual(await checkpointStore.save(checkpoints[1]!), first);
  });

  test('finds the newest committed checkpoint, even one newer than the last heartbeat', async () => {
    const checkpointStore = new CheckpointStore(store, 'newest');
    assert.equal(await checkpointStore.newest(undefined, 3), undefined);
    const saved: CommittedCheckpoint[] = [];
    for (const c of checkpoints) saved.push(await checkpointStore.save(c));
    assert.deepEqual(await checkpointStore.newest(undefined, 3), saved[2]);
    assert.deepEqual(await checkpointStore.newest(saved[0], 3), saved[2]);
    assert.deepEqual(await checkpointStore.newest(saved[0], 2), saved[1], "never beyond the run's epochs");
  });

  test('ignores a heartbeat ref that does not match the store and probes from the start', async () => {
    const checkpointStore = new CheckpointStore(store, 'stale');
    const saved = await checkpointStore.save(checkpoints[0]!);
    const stale = { epoch: 2, ref: { ...saved.ref, uri: store.uriFor(checkpointKey('stale', 2)) } };
    assert.deepEqual(await checkpointStore.newest(stale, 3), saved);
  });

  test('the writer commits in the background and reports each commit, newest last', async () => {
    const committed: number[] = [];
    const writer = new CheckpointWriter(new CheckpointStore(store, 'writer'), undefined, (c) => committed.push(c.epoch));
    for (const c of checkpoints) await writer.submit(c);
    const last = writer.latest;
    assert.deepEqual(committed, [1, 2, 3]);
    assert.equal(last?.epoch, 3);
    assert.equal(writer.latest, last);
  });
});
