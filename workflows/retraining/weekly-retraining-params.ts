import { z } from 'zod';
import { parseDuration } from '../../common/dag/duration';
import { ModelNameSchema } from '../../common/validation';
import { ValidationThresholdsSchema } from '../../common/dataset/validation-thresholds';
import { GateThresholdsSchema } from '../../common/gate';
import { TextClassifierConfigSchema } from '../../common/ml/text-classifier-config';
import { DeployModelParamsSchema } from '../deploy/deploy-model-params';

const WAIT_FOR_A_PERSON = 'a duration from 1s to 90d, such as 30m or 2d';
/** How long the run waits for a person (an approval, a paused task): bounded, so a run ends. */
const personWait = () =>
  z.string().refine((v) => {
    const ms = parseDuration(v);
    return ms !== undefined && ms >= 1_000 && ms <= 90 * 86_400_000;
  }, WAIT_FOR_A_PERSON);

/** Classifier settings a run may set; epochs and seed are params of their own. */
export const RetrainingModelConfigSchema = TextClassifierConfigSchema.omit({ epochs: true, seed: true }).partial().strict();

const deployShape = DeployModelParamsSchema.shape;

/**
 * deploy_model's params a progressive run hands over; the model and the version are the run's
 * own. The fields are deploy_model's (one home for their limits and defaults); the rules across
 * fields (steps increasing, stages fitting the rollout's timeout) are checked with deploy_model's
 * whole schema below, so a bad rollout is refused when the run starts, not after training.
 */
export const RetrainingDeployParamsSchema = z.strictObject({
  steps: deployShape.steps,
  analysis: deployShape.analysis,
  bakeTime: deployShape.bakeTime,
  stepTimeout: deployShape.stepTimeout,
});

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
    delivery: z
      .enum(['direct', 'progressive'])
      .default('direct')
      .describe(
        'direct: the run promotes the challenger itself (approval auto or manual); progressive: mark_challenger starts deploy_model/<model>/v<version> (shadow, canary steps, promote or roll back) and the run promotes nothing (approval and approvers are not used)',
      ),
    deployParams: RetrainingDeployParamsSchema.default(RetrainingDeployParamsSchema.parse({})).describe(
      "Used with delivery progressive only: deploy_model's steps, analysis (minRequests, thresholds), bakeTime and stepTimeout (defaults: deploy_model's)",
    ),
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
    // Unused with delivery "direct", so not checked there: like every object param it has a
    // default, which the console's trigger form sends filled on every run.
    if (params.delivery !== 'progressive') return;
    // version 1 stands in for the version registered later: no rule reads it.
    const rollout = DeployModelParamsSchema.safeParse({ ...params.deployParams, modelName: params.modelName, version: 1 }, { reportInput: true });
    for (const issue of rollout.success ? [] : rollout.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['deployParams', ...issue.path], input: issue.input, message: issue.message });
    }
  });

export type WeeklyRetrainingParams = z.output<typeof WeeklyRetrainingParamsSchema>;
