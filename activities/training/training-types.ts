import { z } from 'zod';
import type { ArtifactRef } from '../../lib/artifacts';
import { DatasetManifestSchema, IntervalSchema } from '../../lib/dataset';
import { TextClassifierConfigSchema, type BackendName } from '../../lib/ml';
import type { ComputeDevice } from '../../lib/ml';
import type { BackendRequirement } from '../../lib/training';
import { ArtifactRefSchema, type CommittedCheckpoint } from '../../lib/training';
import { ModelNameSchema } from '../../common/validation';

/** The input of `trainModel`; parsed at the activity boundary, so a bad field fails once, clearly. */
export const TrainModelInputSchema = z.object({
  modelName: ModelNameSchema.describe('Registry name of the model, for logs and lineage.'),
  dataset: DatasetManifestSchema.describe('Manifest of the dataset artifact written by extraction.'),
  holdout: IntervalSchema.describe('Time-based holdout [start, end): rows in it, and any after it, are not trained on. See `holdoutWindow`.'),
  config: TextClassifierConfigSchema.describe('Hyperparameters; missing fields take the lib/ml defaults.'),
  runKey: z.string().min(1).describe('Stable per run and task (not per attempt): names every artifact written.'),
  shuffleLabels: z.boolean().default(false).describe('Train on permuted labels: a deliberately degraded candidate that the gate must reject.'),
  minTrainingRows: z.number().int().min(2).default(100).describe('Fewer training rows than this is a non-retryable failure rather than a useless model.'),
});

export type TrainModelInput = z.input<typeof TrainModelInputSchema>;

export interface TrainModelOutput {
  /** The trained tfjs model as `text-classifier/v1` JSON (`TextClassifier.load` reads it). */
  readonly model: ArtifactRef;
  /** The naive-Bayes baseline trained on the same rows, as `naive-bayes/v1` JSON. */
  readonly baseline: ArtifactRef;
  /** SVG of the mean training loss per epoch. */
  readonly lossCurve: ArtifactRef;
  /** The last committed checkpoint (recorded with the registered version); null when none was written. */
  readonly checkpoint: ArtifactRef | null;
  readonly trainingRows: number;
  readonly heldOutRows: number;
  /** Rows at or after the holdout's end, used for neither (none when the holdout ends the interval). */
  readonly afterHoldoutRows: number;
  readonly epochs: number;
  /** The checkpoint's epoch this attempt started from; absent when it trained from scratch. */
  readonly resumedFromEpoch?: number;
  readonly backend: BackendName;
  /** Where this attempt's ops ran: `gpu` only when tfjs-node-gpu's libtensorflow listed a GPU device. */
  readonly device: ComputeDevice;
  /** The package that provided the `tensorflow` backend; absent for wasm and cpu. */
  readonly nodePackage?: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';
  /** The libtensorflow version the `tensorflow` backend loaded; absent for wasm and cpu. */
  readonly tensorflowVersion?: string;
  /** Wall time of this attempt's training phase, checkpoint writes included (not earlier attempts'). */
  readonly trainSeconds: number;
  /**
   * Training throughput of this attempt's epochs, counting only the SGD steps (as lib/ml's
   * EpochStats do), so it compares across backends; 0 when no epoch was left to train.
   */
  readonly samplesPerSecond: number;
  /** Mean training loss of every epoch, including those of earlier attempts. */
  readonly lossHistory: number[];
}

/** What `trainModel` heartbeats; a retried attempt reads `checkpoint` to resume. */
export interface TrainingHeartbeat {
  readonly phase: 'reading' | 'baseline' | 'training' | 'saving';
  readonly rowsRead?: number;
  readonly epoch?: number;
  readonly batch?: number;
  readonly batches?: number;
  readonly loss?: number;
  /** The newest checkpoint known to be committed, carried in every heartbeat so none drops it. */
  readonly checkpoint?: CommittedCheckpoint;
}

/** Only the part of earlier heartbeat details that resuming needs; anything else is ignored. */
export const ResumeDetailsSchema = z.object({
  checkpoint: z.object({ epoch: z.number().int().min(1), ref: ArtifactRefSchema }).optional(),
});

export interface TrainingActivityOptions {
  /**
   * tfjs backend to use exactly (fails if it cannot start), or a requirement parsed from a
   * setting (`parseBackendRequirement`), which can also require a GPU.
   * @default the `TFJS_BACKEND` environment variable, else the fastest that works
   */
  readonly backend?: BackendName | BackendRequirement;
  /** Least time between batch heartbeats; epoch ends and checkpoints always heartbeat. @default 2000 */
  readonly heartbeatIntervalMs?: number;
}
