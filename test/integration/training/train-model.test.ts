import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ActivityFailure, ApplicationFailure, CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import type { TrainModelInput } from '../../../activities/training';
import { readAll } from '../../../lib/artifacts';
import type { DatasetManifest } from '../../../lib/dataset';
import { TextClassifier } from '../../../lib/ml';
import { checkpointKey, holdoutWindow, trainingArtifactKey } from '../../../lib/training';
import { eventually, TrainingHarness } from './harness';
import { SMALL_CONFIG, writeSyntheticDataset } from './synthetic-dataset';

describe('trainModel through a real Temporal worker', () => {
  const h = new TrainingHarness();
  let manifest: DatasetManifest;
  const input = (runKey: string, config: TrainModelInput['config'] = SMALL_CONFIG): TrainModelInput => ({
    modelName: 'spam',
    dataset: manifest,
    holdout: holdoutWindow(manifest.interval, 1),
    config,
    runKey,
  });
  const start = (runKey: string, train: TrainModelInput) =>
    h.env.client.workflow.start('trainOnce', { taskQueue: h.cpuQueue, workflowId: `${runKey}-${h.cpuQueue}`, args: [{ taskQueue: h.gpuQueue, train }] });
  const committedEpochs = async (runKey: string, max: number) => {
    let n = 0;
    while (n < max && (await h.store.stat(h.store.uriFor(checkpointKey(runKey, n + 1))))) n++;
    return n;
  };

  before(async () => {
    await h.start({ gpuWorker: true });
    manifest = await writeSyntheticDataset(h.store, 'datasets/train-it/events.jsonl', { count: 600, seed: 31 });
  });
  after(() => h.stop());

  test('completes on the gpu queue, writes a checkpoint per epoch and returns its results', async () => {
    const out = await (await start('completes', input('completes'))).result();
    assert.deepEqual([out.trainingRows, out.heldOutRows, out.epochs, out.backend], [450, 150, SMALL_CONFIG.epochs, 'cpu']);
    assert.equal(out.resumedFromEpoch, undefined);
    assert.equal(out.lossHistory.length, SMALL_CONFIG.epochs);
    assert.ok(out.lossHistory.every(Number.isFinite));
    assert.ok(out.samplesPerSecond > 0 && out.trainSeconds > 0);
    assert.equal(await committedEpochs('completes', 100), SMALL_CONFIG.epochs);
    assert.equal(out.model.uri, h.store.uriFor(trainingArtifactKey('completes', 'model.json')));
    const model = TextClassifier.load(JSON.parse((await readAll(await h.store.openRead(out.model.uri, out.model.sha256))).toString()));
    const [spam, ham] = model.predictProba(['Subject: WINNER\n\nfree cash prize click now', 'Subject: meeting\n\nagenda for the project review tomorrow']);
    model.dispose();
    assert.ok(spam! > 0.5 && ham! < 0.5, `spam ${spam}, ham ${ham}`);
    assert.match((await readAll(await h.store.openRead(out.lossCurve.uri))).toString(), /<svg[\s\S]*Training loss[\s\S]*<\/svg>/);
  });

  test('a diverging run fails once, non-retryably, saying the loss became non-finite and where', async () => {
    const handle = await start('diverges', input('diverges', { ...SMALL_CONFIG, learningRate: 1e30 }));
    const error = await handle.result().then(
      () => assert.fail('training with learningRate 1e30 should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError && error.cause instanceof ActivityFailure, String(error));
    const activityFailure = error.cause;
    assert.equal(activityFailure.retryState, RetryState.NON_RETRYABLE_FAILURE);
    const cause = activityFailure.cause;
    assert.ok(cause instanceof ApplicationFailure);
    assert.equal(cause.type, 'NonFiniteLoss');
    assert.equal(cause.nonRetryable, true);
    assert.match(cause.message, /^training loss became (NaN|-?Infinity) at epoch 1, batch \d+; lower the learning rate/);
    assert.deepEqual(Object.keys(cause.details?.[0] as object).sort(), ['batch', 'epoch', 'loss']);
  });

  test('cancellation stops training at the next batch and is reported as a cancellation', async () => {
    // Far more epochs than can finish during the test, so only cancellation can end it.
    const runKey = 'cancelled';
    const handle = await start(runKey, input(runKey, { ...SMALL_CONFIG, epochs: 1000 }));
    await eventually(
      () => committedEpochs(runKey, 1000),
      (n) => n >= 1,
      60_000,
      'the first checkpoint',
    );
    await handle.cancel();
    const error = await handle.result().then(
      () => assert.fail('a cancelled run should not complete'),
      (e: unknown) => e,
    );
    // The workflow waits for the activity to acknowledge (WAIT_CANCELLATION_COMPLETED), so when
    // it ends the activity has stopped: nothing more is written after that.
    assert.ok(error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure, String(error));
    const stoppedAt = await committedEpochs(runKey, 1000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await committedEpochs(runKey, 1000), stoppedAt, 'no checkpoint after the cancellation completed');
    assert.ok(stoppedAt < 1000);
    assert.equal(await h.store.stat(h.store.uriFor(trainingArtifactKey(runKey, 'model.json'))), undefined);
    const history = await handle.fetchHistory();
    assert.ok(
      history.events?.some((e) => e.activityTaskCanceledEventAttributes),
      'the activity itself reported cancellation',
    );
  });
});
