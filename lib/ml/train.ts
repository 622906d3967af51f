import { makeBatch } from './batch';
import { fingerprintSamples, type Checkpoint } from './checkpoint';
import { CheckpointMismatchError, NonFiniteLossError, TrainingAbortedError } from './errors';
import { Prng } from './prng';
import { assertTrainable, type Sample } from './sample';
import { TextClassifier } from './text-classifier';
import { TextClassifierConfigSchema, type TextClassifierConfig, type TextClassifierConfigInput } from './text-classifier-config';

export interface EpochStats {
  /** 1-based epoch just completed. */
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss over the epoch's samples. */
  readonly loss: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

export interface BatchProgress {
  readonly epoch: number;
  /** 1-based batch within the epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
}

export interface TrainOptions {
  readonly samples: readonly Sample[];
  /** Missing fields take the schema defaults. */
  readonly config: TextClassifierConfigInput;
  /** Resume after this checkpoint's epoch; must come from the same config and samples. */
  readonly startFrom?: Checkpoint;
  /** Awaited after every epoch; persist the checkpoint here (and heartbeat its URI). */
  readonly onEpochEnd: (checkpoint: Checkpoint, stats: EpochStats) => Promise<void>;
  /** Awaited after every batch; a place to heartbeat. */
  readonly onBatch?: (progress: BatchProgress) => Promise<void>;
  /** Checked before every batch; when aborted, `train` throws `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

export interface TrainResult {
  /** Trained model; the caller owns its tfjs memory and must `dispose()` it. */
  readonly classifier: TextClassifier;
  /** Checkpoint of the last epoch (also a `TextClassifierArtifact`). */
  readonly checkpoint: Checkpoint;
}

// A training step is synchronous tfjs work; without yielding to the macrotask queue now and then,
// abort events, timers and Temporal heartbeats would all wait until the end of the run.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains (or resumes training of) a `TextClassifier` with plain SGD and a linearly decaying
 * learning rate. Deterministic for a given backend: a run resumed from the checkpoint of epoch k
 * ends with the same weights as an uninterrupted run.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { samples, startFrom, signal } = options;
  const config = TextClassifierConfigSchema.parse(options.config);
  assertTrainable(samples);
  const dataFingerprint = fingerprintSamples(samples);
  if (startFrom !== undefined) assertResumable(startFrom, config, dataFingerprint);

  const rng = startFrom ? Prng.fromState(startFrom.rngState) : Prng.fromSeed(config.seed);
  const classifier = startFrom ? TextClassifier.load(startFrom) : TextClassifier.initialize(config, rng);
  try {
    const features = classifier.featurize(samples.map((s) => s.text));
    const labels = samples.map((s) => s.label);
    const positives = labels.filter((y) => y === 1).length;
    // sklearn's 'balanced': n / (2 n_label), so the mean weight over the training set stays 1.
    const classWeights: [number, number] =
      config.classWeight === 'balanced' ? [samples.length / (2 * (samples.length - positives)), samples.length / (2 * positives)] : [1, 1];
    const batches = Math.ceil(samples.length / config.batchSize);
    const totalSteps = config.epochs * batches;
    const lossHistory = [...(startFrom?.lossHistory ?? [])];
    let checkpoint = startFrom;
    for (let epoch = (startFrom?.epoch ?? 0) + 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const order = rng.permutation(samples.length);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        await yieldToEventLoop();
        if (signal?.aborted) throw new TrainingAbortedError(epoch, b + 1, { cause: signal.reason });
        const start = b * config.batchSize;
        const end = Math.min(samples.length, start + config.batchSize);
        const step = (epoch - 1) * batches + b;
        const learningRate = config.learningRate * (1 - step / totalSteps);
        const loss = classifier.trainStep(makeBatch(features, labels, order, start, end), learningRate, classWeights);
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(epoch, b + 1, loss);
        lossSum += loss * (end - start);
        await options.onBatch?.({ epoch, batch: b + 1, batches, loss });
      }
      const seconds = (performance.now() - started) / 1000;
      lossHistory.push(lossSum / samples.length);
      checkpoint = {
        ...classifier.toArtifact(),
        epoch,
        rngState: [...rng.state()],
        lossHistory: [...lossHistory],
        dataFingerprint,
      };
      const stats = { epoch, epochs: config.epochs, loss: lossSum / samples.length, seconds, samplesPerSecond: samples.length / seconds };
      await options.onEpochEnd(checkpoint, stats);
    }
    if (checkpoint === undefined) throw new RangeError('config.epochs must be at least 1');
    return { classifier, checkpoint };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

function assertResumable(startFrom: Checkpoint, config: TextClassifierConfig, dataFingerprint: string): void {
  for (const key of Object.keys(config) as Array<keyof TextClassifierConfig>) {
    if (startFrom.config[key] !== config[key]) {
      throw new CheckpointMismatchError(`config.${key}`, config[key], startFrom.config[key]);
    }
  }
  if (startFrom.dataFingerprint !== dataFingerprint) {
    throw new CheckpointMismatchError('dataFingerprint', dataFingerprint, startFrom.dataFingerprint);
  }
  if (startFrom.epoch > config.epochs) {
    throw new CheckpointMismatchError('epoch', `at most ${config.epochs}`, startFrom.epoch);
  }
}
