import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ArtifactIntegrityError, LocalArtifactStore } from '../../../lib/artifacts';
import type { DatasetManifest } from '../../../lib/dataset';
import { DatasetFormatError, holdoutWindow, readDatasetSplit } from '../../../lib/training';
import { writeSyntheticDataset } from '../../integration/training/synthetic-dataset';

describe('readDatasetSplit', () => {
  let dir: string;
  let store: LocalArtifactStore;
  let manifest: DatasetManifest;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factory-dataset-reader-'));
    store = new LocalArtifactStore(dir);
    manifest = await writeSyntheticDataset(store, 'datasets/reader/events.jsonl', { count: 400, seed: 5, weeks: 4 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('splits the rows by event time: the last week is held out, the rest is for training', async () => {
    const split = await readDatasetSplit(store, manifest, holdoutWindow(manifest.interval, 1), { progressEvery: 100 });
    assert.equal(split.rows, 400);
    assert.equal(split.training.length, 300);
    assert.equal(split.holdout.length, 100);
    assert.equal(split.afterHoldout, 0);
  });

  test('trains on nothing at or after the holdout end when the holdout sits inside the interval', async () => {
    const split = await readDatasetSplit(store, manifest, { start: '2026-02-09T00:00:00.000Z', end: '2026-02-16T00:00:00.000Z' });
    assert.deepEqual([split.training.length, split.holdout.length, split.afterHoldout], [100, 100, 200]);
  });

  test('reports progress while streaming', async () => {
    const seen: number[] = [];
    await readDatasetSplit(store, manifest, holdoutWindow(manifest.interval, 1), { progressEvery: 150, onProgress: (n) => seen.push(n) });
    assert.deepEqual(seen, [150, 300]);
  });

  test('refuses a manifest whose sha256 does not match the bytes', async () => {
    const wrong = { ...manifest, sha256: '0'.repeat(64) };
    await assert.rejects(readDatasetSplit(store, wrong, holdoutWindow(manifest.interval, 1)), ArtifactIntegrityError);
  });

  test('refuses a manifest whose row count does not match the file', async () => {
    await assert.rejects(
      readDatasetSplit(store, { ...manifest, rowCount: 401 }, holdoutWindow(manifest.interval, 1)),
      (e: unknown) => e instanceof DatasetFormatError && /holds 400 rows but its manifest says rowCount 401/.test(e.message),
    );
  });

  test('names the line of a row that is not a dataset row', async () => {
    const body =
      '{"id":"a","text":"hi","label":0,"eventTime":"2026-02-03T00:00:00Z","source":"s"}\n{"id":"b","text":"x","label":2,"eventTime":"2026-02-03T00:00:00Z","source":"s"}\n';
    const ref = await store.put('datasets/bad/events.jsonl', body);
    const bad = { ...manifest, dataUri: ref.uri, sha256: ref.sha256, rowCount: 2 };
    await assert.rejects(
      readDatasetSplit(store, bad, holdoutWindow(manifest.interval, 1)),
      (e: unknown) => e instanceof DatasetFormatError && e.line === 2 && /line 2: .*label/s.test(e.message),
    );
  });
});
