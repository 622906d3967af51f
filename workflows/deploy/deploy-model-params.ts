import { z } from 'zod';
import { durationMs, durationString, formatDuration, parseDuration } from '../../common/dag/duration';
import { ModelNameSchema } from '../../common/validation';
import { ROLLOUT_TIMEOUT } from './rollout-timing';

const fraction = z.number().min(0).max(1);

/** What every stage of a rollout is analysed against (lib/monitoring/rollout-analysis.ts). */
export const RolloutAnalysisSchema = z.strictObject({
  minRequests: z.number().int().min(1).max(10_000_000).default(500).describe('Challenger predictions a stage needs before it is analysed'),
  minLabelled: z.number().int().min(0).max(10_000_000).default(50).describe("Of those, predictions with a moderator's feedback label"),
  minAgreement: fraction.default(0.8).describe("Lowest share of the challenger's labels that agree with feedback"),
  maxAgreementDrop: fraction.default(0.05).describe("Largest drop of the challenger's agreement below the champion's"),
  maxScorePsi: z.number().positive().max(10).default(0.25).describe("Largest PSI between the champion's and the challenger's score histograms"),
  maxErrorRate: fraction.default(0.01).describe("Largest share of the challenger's predictions that fail"),
  maxP99Ms: z.number().positive().max(600_000).default(500).describe("Largest p99 latency of the challenger's predictions, in ms"),
});

/**
 * Params of `deploy_model`: which challenger, the canary steps, and the analysis limits. Strict:
 * a misspelt threshold is refused, never silently replaced by its default.
 */
export const DeployModelParamsSchema = z
  .strictObject({
    modelName: ModelNameSchema.default('spam').describe('Registry name of the model'),
    version: z.number().int().min(1).describe('The challenger version to roll out'),
    steps: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .max(10)
      .default([5, 25, 100])
      .describe('Canary percentages after shadow, strictly increasing; the last one passing promotes'),
    analysis: RolloutAnalysisSchema.default(RolloutAnalysisSchema.parse({})).describe('Limits each stage is analysed against'),
    bakeTime: durationString().default('5m').describe('Least time a stage runs before it is analysed, however much traffic it saw'),
    stepTimeout: durationString().default('4h').describe('A stage that sees too little traffic within this is rolled back'),
  })
  .superRefine((params, ctx) => {
    params.steps.forEach((step, i) => {
      const previous = params.steps[i - 1];
      if (previous !== undefined && step <= previous) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], input: step, message: `greater than the step before it (${previous}), as steps increase` });
      }
    });
    // Shadow and every step may each wait out stepTimeout; together they must end before the sensor does.
    const stages = params.steps.length + 1;
    const stepTimeout = parseDuration(params.stepTimeout);
    if (stepTimeout !== undefined && stages * stepTimeout > durationMs(ROLLOUT_TIMEOUT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['stepTimeout'],
        input: params.stepTimeout,
        message: `at most ${formatDuration(durationMs(ROLLOUT_TIMEOUT) / stages)}: ${stages} stages (shadow and ${params.steps.length} steps) of stepTimeout must fit in the rollout's ${ROLLOUT_TIMEOUT}`,
      });
    }
  });

export type DeployModelParams = z.output<typeof DeployModelParamsSchema>;
export type RolloutAnalysisParams = z.output<typeof RolloutAnalysisSchema>;
