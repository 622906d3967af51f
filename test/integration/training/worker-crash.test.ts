import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

  before(() => h.start({ gpuWorker: false }));
  after(async () => {
    for (const c of children) {
      if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
      c.child.kill('SIGKILL');
      await c.exited(10_000).catch(() => undefined);
    }
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
    await eventually(() => committedEpochs('crash'), (n) => n >= 2, 60_000, 'checkpoint of epoch 2');
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
});
