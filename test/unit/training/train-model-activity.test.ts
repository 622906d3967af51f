import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { Info } from '@temporalio/activity';
import pino from 'pino';
import { createTrainingActivities, type TrainingHeartbeat, type TrainModelInput, type TrainModelOutput } from '../../../activities/training';
import { LocalArtifactStore, readAll } from '../../../lib/artifacts';
import type { DatasetManifest } from '../../../lib/dataset';
import { TextClassifier } from '../../../lib/ml';
import { checkpointKey, holdoutWindow } from '../../../lib/training';
import { SMALL_CONFIG, writeSyntheticDataset } from '../../integration/training/synthetic-dataset';

// The activity without a server: MockActivityEnvironment supplies heartbeat details and
// cancellation, which is enough to pin resume and failure behaviour quickly.
// Failures are expected here; keep the SDK's per-failure warnings out of the test output.
const sdkLogger = new DefaultLogger('ERROR');
const mockEnv = (info: Partial<Info> = {}) => new MockActivityEnvironment(info, { logger: sdkLogger });

describe('trainModel (activity context mocked)', () => {
  let dir: string;
  let store: LocalArtifactStore;
  let manifest: DatasetManifest;
  let activities: ReturnType<typeof createTrainingActivities>;
  const input = (runKey: string, over: Partial<TrainModelInput> = {}): TrainModelInput => ({
    modelName: 'spam',
    dataset: manifest,
    holdout: holdoutWindow(manifest.interval, 1),
    config: { ...SMALL_CONFIG, epochs: 5 },
    runKey,
    ...over,
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factory-train-unit-'));
    store = new LocalArtifactStore(dir);
    manifest = await writeSyntheticDataset(store, 'datasets/unit/events.jsonl', { count: 400, seed: 21 });
    activities = createTrainingActivities({ store, logger: pino({ level: 'silent' }) }, { backend: 'cpu', heartbeatIntervalMs: 0 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  // MockActivityEnvironment.run cannot infer the result type from the activity.
  const runTrain = (env: MockActivityEnvironment, args: TrainModelInput) => env.run(activities.trainModel, args) as Promise<TrainModelOutput>;

  test('trains on the rows before the holdout and writes model, baseline, loss curve and one checkpoint per epoch', async () => {
    const out = await runTrain(mockEnv(), input('fresh'));
    assert.deepEqual([out.trainingRows, out.heldOutRows, out.afterHoldoutRows, out.epochs], [300, 100, 0, 5]);
    assert.equal(out.resumedFromEpoch, undefined);
    assert.equal(out.backend, 'cpu');
    assert.equal(out.lossHistory.length, 5);
    assert.ok(out.lossHistory[4]! < out.lossHistory[0]!, `loss should fall: ${out.lossHistory.join(', ')}`);
    for (let epoch = 1; epoch <= 5; epoch++) assert.ok(await store.stat(store.uriFor(checkpointKey('fresh', epoch))), `checkpoint ${epoch}`);
    const model = TextClassifier.load(JSON.parse((await readAll(await store.openRead(out.model.uri, out.model.sha256))).toString()));
    model.dispose();
    assert.match((await readAll(await store.openRead(out.lossCurve.uri))).toString(), /^<svg[\s\S]*<\/svg>\s*$/);
  });

  test('resumed from the checkpoint in its last heartbeat, ends with the same model as an uninterrupted run', async () => {
    const uninterrupted = await runTrain(mockEnv(), input('reference'));

    const first = mockEnv();
    let last: TrainingHeartbeat | undefined;
    first.on('heartbeat', (details: TrainingHeartbeat) => {
      last = details;
      if ((details.checkpoint?.epoch ?? 0) >= 2) first.cancel('TIMED_OUT');
    });
    await assert.rejects(runTrain(first, input('interrupted')), CancelledFailure);
    assert.ok(last?.checkpoint && last.checkpoint.epoch >= 2 && last.checkpoint.epoch < 5, JSON.stringify(last?.checkpoint));

    const retry = await runTrain(mockEnv({ attempt: 2, heartbeatDetails: last }), input('interrupted'));
    assert.ok(retry.resumedFromEpoch !== undefined && retry.resumedFromEpoch >= last.checkpoint.epoch);
    assert.equal(retry.model.sha256, uninterrupted.model.sha256);
    assert.deepEqual(retry.lossHistory, uninterrupted.lossHistory);
  });

  test('finds checkpoints committed after the last heartbeat it was given', async () => {
    await runTrain(mockEnv(), input('probe'));
    const out = await runTrain(mockEnv({ attempt: 2, heartbeatDetails: { phase: 'reading' } }), input('probe'));
    assert.equal(out.resumedFromEpoch, 5);
    assert.equal(out.samplesPerSecond, 0);
  });

  test('fails non-retryably when the training rows hold a single label', async () => {
    const hamOnly = await writeSyntheticDataset(store, 'datasets/ham-only/events.jsonl', {
      count: 200,
      seed: 1,
      samples: Array.from({ length: 200 }, (_, i) => ({ text: `meeting notes ${i}`, label: 0 as const })),
    });
    await assert.rejects(
      runTrain(mockEnv(), input('ham-only', { dataset: hamOnly, holdout: holdoutWindow(hamOnly.interval, 1) })),
      (e: unknown) =>
        e instanceof ApplicationFailure &&
        e.nonRetryable &&
        e.type === 'InsufficientData' &&
        /both labels are needed \(got 150 rows: 150 with label 0, 0 with label 1\)/.test(e.message),
    );
  });

  test('fails non-retryably when there are fewer training rows than minTrainingRows', async () => {
    await assert.rejects(
      runTrain(mockEnv(), input('too-few', { minTrainingRows: 1000 })),
      (e: unknown) => e instanceof ApplicationFailure && e.nonRetryable && e.type === 'InsufficientData' && /at least 1000 are needed/.test(e.message),
    );
  });

  test('fails non-retryably naming the field and the value when the input is invalid', async () => {
    await assert.rejects(
      runTrain(mockEnv(), input('bad-input', { config: { ...SMALL_CONFIG, epochs: 0 } })),
      (e: unknown) => e instanceof ApplicationFailure && e.nonRetryable && e.type === 'InvalidInput' && /config\.epochs: .* \(got 0\)/.test(e.message),
    );
    await assert.rejects(
      runTrain(mockEnv(), input('../escape')),
      (e: unknown) => e instanceof ApplicationFailure && e.nonRetryable && e.type === 'InvalidInput' && /runKey "..\/escape" is invalid/.test(e.message),
    );
  });
});
