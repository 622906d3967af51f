import { z } from 'zod';
import { ModelNameSchema } from '../../common/validation';

/** Params of `drift_monitor`, shown as the Start Workflow JSON in the Web UI and checked before any activity. */
export const DriftMonitorParamsSchema = z.object({
  modelName: ModelNameSchema.default('spam').describe('Registry name of the model whose champion is watched'),
  lookbackDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(7)
    .describe("Days of incoming events (and of the champion's live predictions) before the logical date that are checked"),
  psiThreshold: z
    .number()
    .positive()
    .max(10)
    .default(0.2)
    .describe('Largest PSI (label ratio, text length, tokens) above which retraining starts; 0.1–0.2 is moderate shift, above 0.2 significant'),
  minRecentRows: z.number().int().min(1).default(50).describe('Fewer recent events than this give no verdict, so no retraining'),
  // Live checks on the prediction log (drift_monitor v2).
  livePsiThreshold: z
    .number()
    .positive()
    .max(10)
    .default(0.2)
    .describe("Largest PSI of the champion's live score histogram against the window before; above it, retraining starts"),
  minPredictions: z.number().int().min(1).default(200).describe('Fewer live predictions than this give no live verdict'),
  minLabelled: z.number().int().min(0).default(50).describe('Feedback labels needed before live agreement counts'),
  minAgreement: z.number().min(0).max(1).default(0.8).describe("Lowest agreement of the champion's answers with feedback; below it, retraining starts"),
  retrainingParams: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("weekly_retraining params of a drift-started run (modelName is set from this DAG's)"),
});

export type DriftMonitorParams = z.output<typeof DriftMonitorParamsSchema>;
