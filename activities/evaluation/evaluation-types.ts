import { z } from 'zod';
import type { GateMetrics } from '../../common/gate';
import type { ArtifactRef } from '../../lib/artifacts';
import type { ComputePool } from '../../lib/compute';
import { DatasetManifestSchema, IntervalSchema } from '../../lib/dataset';
import type { BackendName, BinaryMetrics } from '../../lib/ml';
import { ArtifactRefSchema } from '../../lib/training';
import type { ComparisonBasis } from './fair-comparison';
import { ModelNameSchema } from '../../common/validation';

/** The input of `evaluateModel`; parsed at the activity boundary. */
export const EvaluateModelInputSchema = z.object({
  modelName: ModelNameSchema,
  dataset: DatasetManifestSchema.describe('The manifest the candidate was trained from.'),
  holdout: IntervalSchema.describe('The same time-based holdout given to trainModel; every model is judged on its rows.'),
  candidate: z.object({
    model: ArtifactRefSchema.describe('trainModel output `model`.'),
    baseline: ArtifactRefSchema.describe('trainModel output `baseline`.'),
  }),
  champion: z
    .object({
      version: z.number().int().min(1),
      model: ArtifactRefSchema,
      trainedOn: z
        .object({ start: z.string(), end: z.string() })
        .strict()
        .optional()
        .describe('getChampion output `trainedOn`: holdout rows inside it are left out of the comparison.'),
    })
    .nullable()
    .optional()
    .describe('The current champion, or null/absent for a model that has none yet.'),
  threshold: z.number().min(0).max(1).default(0.5).describe('A score at or above it predicts spam.'),
  runKey: z.string().min(1).describe('Stable per run and task: names the report and plot artifacts.'),
});

export type EvaluateModelInput = z.input<typeof EvaluateModelInputSchema>;

/**
 * One model's scores on the holdout: lib/ml's `BinaryMetrics`, which is also what the gate
 * takes (`evaluateGate(output.candidate, output.champion, thresholds)`). The intersection makes
 * this file stop compiling if the gate ever asks for a metric the evaluation does not compute.
 */
export type ModelMetrics = BinaryMetrics & GateMetrics;

export const EVALUATION_PLOTS = ['rocCurve', 'prCurve', 'confusionCandidate', 'confusionBaseline', 'confusionChampion'] as const;
export type EvaluationPlotName = (typeof EVALUATION_PLOTS)[number];

/** Which holdout rows the champion comparison used; see fair-comparison.ts. */
export interface ComparisonSummary {
  /** Rows compared on (0 when skipped). */
  readonly rows: number;
  /** Holdout rows inside the champion's training window, left out. */
  readonly excludedRows: number;
  readonly basis: ComparisonBasis;
  readonly reason?: string;
}

export interface EvaluateModelOutput {
  /** On the full holdout: the candidate's absolute metrics (minimum checks). */
  readonly candidate: ModelMetrics;
  /** On the full holdout. */
  readonly baseline: ModelMetrics;
  /** On the comparison rows; absent when there is no champion or the comparison was skipped. */
  readonly champion?: ModelMetrics;
  /**
   * The candidate on the comparison rows, only when they are not the full holdout
   * (`basis: 'outside-champion-training'`): relative checks compare this with `champion`.
   */
  readonly candidateOnComparison?: ModelMetrics;
  /** The baseline on the comparison rows, with `candidateOnComparison`. */
  readonly baselineOnComparison?: ModelMetrics;
  readonly comparison: ComparisonSummary;
  readonly holdoutRows: number;
  /** SVG artifacts; `confusionChampion` only with a champion. */
  readonly plots: Partial<Record<EvaluationPlotName, ArtifactRef>>;
  /** JSON report: inputs, metrics of every model and the plot refs. */
  readonly reportUri: string;
  readonly report: ArtifactRef;
}

export interface EvaluationActivityOptions {
  /** Where scoring runs, off the event loop that hosts workflow tasks. @default the process's shared pool */
  readonly compute?: ComputePool;
  /**
   * tfjs backend to use exactly (fails if it cannot start).
   * @default the `TFJS_BACKEND` environment variable, else the fastest that works
   */
  readonly backend?: BackendName;
}
