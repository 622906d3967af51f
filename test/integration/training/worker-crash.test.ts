import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createTrainingActivities, type TrainModelInput, type TrainModelOutput } from '../../../activities/training';
import { checkpointKey, holdoutWindow } from '../../../lib/training';
import { startCli, type StartedProcess } from '../../support/start-process';
import { eventually, TrainingHarness } from './harness';
import { SMALL_CONFIG, writeSyntheticDataset } from './synthetic-dataset';

// The failure test of issue 4: the gpu worker process dies by SIGKILL mid-training (no chance to
// clean up), a second worker process picks up the retry, and the run still ends with exactly the
// model an uninterrupted run produces, having redone at most the epoch that was in progress.
const EPOCHS = 20;

describe('SIGKILL of the gpu worker during training', () => {
  const h = new TrainingHarness();
  const children: StartedProcess[] = [];
  const startGpuWorker = () => {
    const worker = startCli('test/integration/training/gpu-worker.ts', [], {
      TEMPORAL_ADDRESS: h.env.address,
      TASK_QUEUE: h.gpuQueue,
      ARTIFACT_DIR: h.dir,
      TFJS_BACKEND: 'cpu',
    });
    children.push(worker);
    return worker;
  };
  const committedEpochs = async (runKey: string) => {
    let n = 0;
    while (n < EPOCHS && (await h.store.stat(h.store.uriFor(checkpointKey(runKey, n + 1))))) n++;
    return n;
  };

  const stopWorkers = async () => {
    for (const c of children) {
      if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
      c.child.kill('SIGKILL');
      await c.exited(10_000).catch(() => undefined);
    }
  };

  before(() => h.start({ gpuWorker: false }));
  // Each test counts on its own workers being the only ones polling the gpu queue.
  beforeEach(stopWorkers);
  after(async () => {
    await stopWorkers();
    await h.stop();
  });

  test('the run completes, resuming from the newest checkpoint with at most one epoch repeated', async (t) => {
    const manifest = await writeSyntheticDataset(h.store, 'datasets/crash/events.jsonl', { count: 800, seed: 77 });
    const train = (runKey: string): TrainModelInput => ({
      modelName: 'spam',
      dataset: manifest,
      holdout: holdoutWindow(manifest.interval, 1),
      config: { ...SMALL_CONFIG, epochs: EPOCHS },
      runKey,
    });

    const first = startGpuWorker();
    await first.waitFor(/worker ready/, 60_000);
    const handle = await h.env.client.workflow.start('trainOnce', {
      taskQueue: h.cpuQueue,
      workflowId: `crash-${h.cpuQueue}`,
      args: [{ taskQueue: h.gpuQueue, train: train('crash') }],
    });
    await eventually(
      () => committedEpochs('crash'),
      (n) => n >= 2,
      60_000,
      'checkpoint of epoch 2',
    );
    first.child.kill('SIGKILL');
    await first.exited(10_000);
    const committedAtKill = await committedEpochs('crash');
    assert.ok(committedAtKill < EPOCHS, `training finished (${committedAtKill} epochs) before the kill; raise EPOCHS so the kill lands mid-training`);

    startGpuWorker();
    const out: TrainModelOutput = await handle.result();

    assert.equal(out.epochs, EPOCHS);
    assert.ok(out.resumedFromEpoch !== undefined, 'the retry resumed from a checkpoint rather than from scratch');
    assert.ok(out.resumedFromEpoch >= committedAtKill, `resumed from epoch ${out.resumedFromEpoch}, but epoch ${committedAtKill} was committed`);
    assert.equal(out.lossHistory.length, EPOCHS);
    const history = await handle.fetchHistory();
    const started = history.events?.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes;
    assert.ok((started?.attempt ?? 0) >= 2, `the activity completed on attempt ${started?.attempt}`);
    t.diagnostic(`killed with ${committedAtKill} of ${EPOCHS} epochs committed; attempt ${started?.attempt} resumed from epoch ${out.resumedFromEpoch}`);

    // The same training without a crash, in this process on the same backend, gives the same bytes.
    const activities = createTrainingActivities({ store: h.store, logger: pino({ level: 'silent' }) }, { backend: 'cpu' });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    const reference = (await env.run(activities.trainModel, train('uninterrupted'))) as TrainModelOutput;
    assert.equal(out.model.sha256, reference.model.sha256, 'the resumed model equals the uninterrupted one');
    assert.deepEqual(out.lossHistory, reference.lossHistory);
  });

  // Issue 8: with the checkpoint written while the next epoch trained, a crash just after an
  // epoch ended found the newest commit up to two epochs behind. The model here has the default
  // size (2^18 × 16 embedding, a 16.8 MB checkpoint), so the save is as slow as in production.
  test('a SIGKILL right after an epoch ends repeats at most that epoch, and the model is unchanged', async (t) => {
    const manifest = await writeSyntheticDataset(h.store, 'datasets/epoch-end/events.jsonl', { count: 800, seed: 78 });
    const train = (runKey: string): TrainModelInput => ({
      modelName: 'spam',
      dataset: manifest,
      holdout: holdoutWindow(manifest.interval, 1),
      config: { epochs: 8, maxTokens: 200, seed: 11 },
      runKey,
    });
    const killAfterEpoch = 3;

    const first = startGpuWorker();
    await first.waitFor(/worker ready/, 60_000);
    // Kill from the data event itself, not a poll, so the kill lands right after the epoch's log line.
    first.child.stdout?.on('data', () => {
      if (epochsDone(first.output()).some((e) => e >= killAfterEpoch)) first.child.kill('SIGKILL');
    });
    const handle = await h.env.client.workflow.start('trainOnce', {
      taskQueue: h.cpuQueue,
      workflowId: `epoch-end-${h.cpuQueue}`,
      args: [{ taskQueue: h.gpuQueue, train: train('epoch-end') }],
    });
    await first.exited(180_000);
    const doneBeforeKill = Math.max(...epochsDone(first.output()));
    assert.ok(doneBeforeKill < 8, `training finished (${doneBeforeKill} epochs) before the kill`);

    const second = startGpuWorker();
    const out: TrainModelOutput = await handle.result();
    assert.ok(out.resumedFromEpoch !== undefined, 'the retry resumed from a checkpoint rather than from scratch');
    const retrained = epochsDone(second.output());
    assert.deepEqual(
      retrained,
      Array.from({ length: 8 - out.resumedFromEpoch }, (_, i) => out.resumedFromEpoch! + 1 + i),
      'the retry trains each remaining epoch once',
    );
    const repeated = doneBeforeKill - out.resumedFromEpoch;
    t.diagnostic(`killed after epoch ${doneBeforeKill} ended; resumed from epoch ${out.resumedFromEpoch}: ${repeated} epoch(s) repeated`);
    assert.ok(repeated <= 1, `the retry repeated ${repeated} epochs (${out.resumedFromEpoch + 1}..${doneBeforeKill}); at most one may be`);

    const activities = createTrainingActivities({ store: h.store, logger: pino({ level: 'silent' }) }, { backend: 'cpu' });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    const reference = (await env.run(activities.trainModel, train('epoch-end-uninterrupted'))) as TrainModelOutput;
    assert.equal(out.model.sha256, reference.model.sha256, 'the resumed model equals the uninterrupted one');
    assert.deepEqual(out.lossHistory, reference.lossHistory);
  });
});

/** Epochs a worker's JSON log reports as done, in order. */
function epochsDone(log: string): number[] {
  return [...log.matchAll(/^.*"msg":"epoch done".*$/gm)].map((m) => Number(/"epoch":(\d+)/.exec(m[0])?.[1]));
}
