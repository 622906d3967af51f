import { z } from 'zod';
import { parseDuration } from '../../common/dag/duration';
import { ModelNameSchema } from '../../common/validation';
import { ValidationThresholdsSchema } from '../../common/dataset/validation-thresholds';
import { GateThresholdsSchema } from '../../common/gate';
import { TextClassifierConfigSchema } from '../../common/ml/text-classifier-config';

const WAIT_FOR_A_PERSON = 'a duration from 1s to 90d, such as 30m or 2d';
/** How long the run waits for a person (an approval, a paused task): bounded, so a run ends. */
const personWait = () =>
  z.string().refine((v) => {
    const ms = parseDuration(v);
    return ms !== undefined && ms >= 1_000 && ms <= 90 * 86_400_000;
  }, WAIT_FOR_A_PERSON);

/** Classifier settings a run may set; epochs and seed are params of their own. */
export const RetrainingModelConfigSchema = TextClassifierConfigSchema.omit({ epochs: true, seed: true }).partial().strict();

/**
 * Params of `weekly_retraining`, shown as the Start Workflow JSON in the Web UI and checked before
 * any activity runs. Strict at every level: an unknown or misspelt field is refused, never
 * dropped. The logical date is not a param: the Schedule supplies it
 * (TemporalScheduledStartTime), manual and backfill runs pass `logicalDate` in the input.
 */
export const WeeklyRetrainingParamsSchema = z
  .strictObject({
    modelName: ModelNameSchema.default('spam').describe('Registry name of the model'),
    trainingWeeks: z.number().int().min(2).max(520).default(26).describe("Weeks of events in the training window, ending with the run's data interval"),
    holdoutWeeks: z.number().int().min(1).max(52).default(2).describe('Most recent weeks of the window held out for evaluation (time-based, never random)'),
    epochs: z.number().int().min(1).max(200).default(10).describe('Training epochs'),
    seed: z.number().int().min(0).max(0xffffffff).default(42).describe('Seed of initialisation and shuffling: same data and seed, same model'),
    // classWeight "none": on the corpus holdout it gives F1 0.953 against 0.942 for "balanced"
    // (precision is what balanced weighting costs there; recall is 1.0 either way).
    modelConfig: RetrainingModelConfigSchema.default({ classWeight: 'none' }).describe(
      'Other text-classifier settings (learningRate, embeddingDim, buckets, maxTokens, wordNgrams, batchSize, classWeight)',
    ),
    gate: GateThresholdsSchema.default(GateThresholdsSchema.parse({})).describe('Evaluation gate thresholds'),
    validation: ValidationThresholdsSchema.default(ValidationThresholdsSchema.parse({})).describe('Dataset validation thresholds (warn/fail levels)'),
    approval: z.enum(['auto', 'manual']).default('auto').describe('auto: promote when the gate passes; manual: wait for a person'),
    approvalTimeout: personWait().default('2d').describe('How long a manual approval waits before the default: reject'),
    approvers: z
      .array(z.string().trim().min(1).max(200))
      .max(50)
      .default([])
      .describe('Who may decide a manual approval (the decision\'s "by"); empty: anyone who may send the decision'),
    pauseTimeout: personWait()
      .default('1d')
      .describe('How long extract, validate, train or evaluate waits paused after its retries failed (retry, skip or fail the run) before the run fails'),
    shuffleLabels: z.boolean().default(false).describe('Train on shuffled labels: a deliberately degraded candidate (the gate must reject it)'),
  })
  .superRefine((params, ctx) => {
    // The holdout is cut from the end of the window: at least one week must remain to train on.
    if (params.holdoutWeeks >= params.trainingWeeks) {
      ctx.addIssue({
        code: 'custom',
        path: ['holdoutWeeks'],
        input: params.holdoutWeeks,
        message: `fewer than trainingWeeks (${params.trainingWeeks}), so at least one week is left to train on`,
      });
    }
  });

export type WeeklyRetrainingParams = z.output<typeof WeeklyRetrainingParamsSchema>;
