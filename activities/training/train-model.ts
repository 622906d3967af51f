import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ArtifactConflictError, type ArtifactRef } from '../../lib/artifacts';
import { deviceOf, lossCurveSvg, NaiveBayesBaseline, train, type Sample, type TrainResult } from '../../lib/ml';
import { countLabels, hasBothLabels } from '../../lib/ml/sample';
import {
  CheckpointStore,
  CheckpointWriter,
  ensureBackend,
  InsufficientDataError,
  parseBackendRequirement,
  readDatasetSplit,
  shuffleLabels,
  trainingArtifactKey,
  type CommittedCheckpoint,
} from '../../lib/training';
import type { ActivityDeps } from '../deps';
import { TrainingHeartbeater } from './heartbeat';
import { parseActivityInput, toActivityFailure, TRAINING_FAILURE_TYPES } from './training-failures';
import { ResumeDetailsSchema, TrainModelInputSchema, type TrainingActivityOptions, type TrainModelInput, type TrainModelOutput } from './training-types';
import { recordTrainingEpoch } from '../../lib/metrics';
import { recordSpan, withSpan } from '../../lib/tracing/span';

export type TrainingDeps = Pick<ActivityDeps, 'store' | 'logger'>;

/**
 * Builds `trainModel`, the gpu-queue step: reads the dataset, trains the naive-Bayes baseline and
 * the tfjs classifier on the rows before the holdout, checkpoints every epoch and resumes from
 * the newest checkpoint after a crash. Set a heartbeatTimeout when scheduling it: without one,
 * a dead worker is noticed only at startToClose and cancellation waits for the SDK's 30 s throttle.
 */
export function createTrainModel({ store, logger }: TrainingDeps, options: TrainingActivityOptions = {}) {
  const backendRequirement = options.backend ?? parseBackendRequirement(process.env.TFJS_BACKEND);
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 2000;

  return async function trainModel(rawInput: TrainModelInput): Promise<TrainModelOutput> {
    const input = parseActivityInput(TrainModelInputSchema, rawInput, 'trainModel');
    const { config, runKey } = input;
    const context = Context.current();
    const { attempt, workflowExecution } = context.info;
    const log = logger.child({ modelName: input.modelName, workflowId: workflowExecution?.workflowId, runKey, attempt });

    try {
      const choice = await ensureBackend(backendRequirement, logger);
      const { backend } = choice;
      const device = deviceOf(choice);
      const checkpoints = new CheckpointStore(store, runKey);
      const resumeFrom = await checkpoints.newest(previousCheckpoint(context.info.heartbeatDetails), config.epochs);
      const heartbeat = new TrainingHeartbeater(context, heartbeatIntervalMs, resumeFrom);
      heartbeat.report({ phase: 'reading' }, true);

      const split = await withSpan('training.read_dataset', { 'model.name': input.modelName, 'artifact.uri': input.dataset.dataUri }, () =>
        readDatasetSplit(store, input.dataset, input.holdout, {
          onProgress: (rowsRead) => heartbeat.report({ phase: 'reading', rowsRead }),
        }),
      );
      assertEnoughRows(split.training, input.minTrainingRows);
      const samples = input.shuffleLabels ? shuffleLabels(split.training, config.seed) : split.training;
      // The fit runs in a compute thread; the event loop is free, so keep the heartbeat going.
      const fitting = setInterval(() => heartbeat.report({ phase: 'baseline' }), heartbeatIntervalMs);
      const baseline = await putBaseline(samples).finally(() => clearInterval(fitting));

      const startFrom = resumeFrom && (await checkpoints.load(resumeFrom));
      log.info({ backend, device, trainingRows: samples.length, resumedFromEpoch: resumeFrom?.epoch, shuffleLabels: input.shuffleLabels }, 'training started');
      const writer = new CheckpointWriter(checkpoints, resumeFrom, (committed) => heartbeat.committed(committed));
      let epochsTrained = 0;
      let epochSeconds = 0;
      const started = performance.now();
      const result: TrainResult = await train({
        samples,
        config,
        ...(startFrom ? { startFrom } : {}),
        signal: context.cancellationSignal,
        onBatch: async (progress) => heartbeat.report({ phase: 'training', ...progress }),
        onEpochEnd: async (checkpoint, stats) => {
          epochsTrained++;
          epochSeconds += stats.seconds;
          log.info({ epoch: stats.epoch, epochs: stats.epochs, loss: stats.loss, samplesPerSecond: Math.round(stats.samplesPerSecond) }, 'epoch done');
          recordTrainingEpoch(input.modelName, backend, stats);
          recordSpan('training.epoch', { 'model.name': input.modelName, 'training.epoch': stats.epoch, 'training.loss': stats.loss }, stats.seconds);
          // Committed before the next epoch starts, so a crash repeats at most the epoch in
          // progress; the commit's heartbeat carries this progress with the checkpoint's ref.
          heartbeat.report({ phase: 'training', epoch: stats.epoch, loss: stats.loss });
          const saveStarted = performance.now();
          await writer.submit(checkpoint);
          log.info({ epoch: stats.epoch, saveSeconds: (performance.now() - saveStarted) / 1000 }, 'checkpoint committed');
        },
      });
      const trainSeconds = (performance.now() - started) / 1000;
      recordSpan(
        'training.fit',
        { 'model.name': input.modelName, 'training.backend': backend, 'training.epochs': epochsTrained, 'training.rows': samples.length },
        trainSeconds,
      );

      heartbeat.report({ phase: 'saving' }, true);
      const { classifier, checkpoint } = result;
      let model: ArtifactRef;
      try {
        model = await store.put(trainingArtifactKey(runKey, 'model.json'), JSON.stringify(classifier.toArtifact()), { contentType: 'application/json' });
      } finally {
        classifier.dispose();
      }
      const lossHistory = checkpoint.lossHistory;
      const lossCurve = await store.put(
        trainingArtifactKey(runKey, 'loss-curve.svg'),
        lossCurveSvg([{ name: `${input.modelName} training loss`, values: lossHistory }], `Training loss: ${input.modelName}`),
        { contentType: 'image/svg+xml' },
      );
      log.info({ artifactUri: model.uri, epochs: config.epochs, trainSeconds }, 'training done');
      return {
        model,
        baseline,
        lossCurve,
        checkpoint: writer.latest?.ref ?? null,
        trainingRows: samples.length,
        heldOutRows: split.holdout.length,
        afterHoldoutRows: split.afterHoldout,
        epochs: config.epochs,
        ...(resumeFrom ? { resumedFromEpoch: resumeFrom.epoch } : {}),
        backend,
        device,
        ...(choice.backend === 'tensorflow' ? { nodePackage: choice.nodePackage, tensorflowVersion: choice.tensorflowVersion } : {}),
        trainSeconds,
        samplesPerSecond: epochSeconds > 0 ? (samples.length * epochsTrained) / epochSeconds : 0,
        lossHistory,
      };
    } catch (error) {
      // Rethrow the cancellation itself (not the TrainingAbortedError that carries it) so
      // Temporal records the activity as cancelled rather than failed.
      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
      if (error instanceof ArtifactConflictError) log.warn({ err: error }, 'artifact conflict; the retry resumes from what is committed');
      throw toActivityFailure(error);
    }

    /** Naive Bayes is a pure function of the rows, so a conflict means the run key was reused for other data. */
    async function putBaseline(samples: Sample[]): Promise<ArtifactRef> {
      const body = JSON.stringify((await NaiveBayesBaseline.fitOffThread(samples, {}, { signal: context.cancellationSignal })).toJSON());
      try {
        return await store.put(trainingArtifactKey(runKey, 'baseline.json'), body, { contentType: 'application/json' });
      } catch (error) {
        if (!(error instanceof ArtifactConflictError)) throw error;
        throw ApplicationFailure.nonRetryable(
          `${error.message}; the baseline depends only on the training rows, so runKey ${JSON.stringify(runKey)} ` +
            'was used before with other data: give each run its own runKey',
          TRAINING_FAILURE_TYPES.artifactConflict,
        );
      }
    }
  };
}

function previousCheckpoint(details: unknown): CommittedCheckpoint | undefined {
  const parsed = ResumeDetailsSchema.safeParse(details ?? {});
  return parsed.success ? parsed.data.checkpoint : undefined;
}

function assertEnoughRows(samples: readonly Sample[], minRows: number): void {
  const counts = countLabels(samples);
  if (samples.length < minRows) {
    throw new InsufficientDataError('training', samples.length, counts, `at least ${minRows} are needed (minTrainingRows)`);
  }
  if (!hasBothLabels(counts)) throw new InsufficientDataError('training', samples.length, counts, 'both labels are needed');
}
