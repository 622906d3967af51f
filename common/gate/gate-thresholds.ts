import { z } from 'zod';
import { formatZodIssues } from '../validation/zod-issues';

/** Metrics the gate knows; for every one of them, higher is better. */
export const GATE_METRICS = ['f1', 'precision', 'recall', 'accuracy', 'rocAuc', 'prAuc'] as const;
export type GateMetricName = (typeof GATE_METRICS)[number];

/** One model's scores on the holdout, as the evaluation step reports them. */
export type GateMetrics = { readonly [K in GateMetricName]: number };

const limit = z.number().min(0).max(1);

function perMetric(what: string) {
  return z.strictObject({
    f1: limit.optional().describe(`${what} for F1 at the decision threshold`),
    precision: limit.optional().describe(`${what} for precision (share of flagged mail that is spam)`),
    recall: limit.optional().describe(`${what} for recall (share of spam that is flagged)`),
    accuracy: limit.optional().describe(`${what} for accuracy`),
    rocAuc: limit.optional().describe(`${what} for ROC-AUC`),
    prAuc: limit.optional().describe(`${what} for PR-AUC (average precision)`),
  });
}

/**
 * What a candidate must achieve to be registered for promotion. A metric left out of a group is
 * not checked by that group. Parse with `parseGateThresholds` at the boundary (Schedule, UI,
 * CLI) so a typo such as `minF1` is reported instead of silently ignored.
 */
export const GateThresholdsSchema = z.strictObject({
  minimum: perMetric('Absolute floor').default({ f1: 0.95, rocAuc: 0.97 }).describe('Absolute floor per metric, whatever the champion scores.'),
  maxRegression: perMetric('Largest allowed drop below the champion')
    .default({ f1: 0.01, precision: 0.02, rocAuc: 0.01 })
    .describe('Largest drop below the champion allowed per metric; skipped for the first model.'),
  minImprovement: perMetric('Smallest required gain over the champion')
    .default({})
    .describe('Smallest gain over the champion required per metric; skipped for the first model.'),
});

export type GateThresholds = z.output<typeof GateThresholdsSchema>;
export type GateThresholdsInput = z.input<typeof GateThresholdsSchema>;

export const DEFAULT_GATE_THRESHOLDS: GateThresholds = GateThresholdsSchema.parse({});

/** Thrown by `parseGateThresholds`; the message names each bad field and the value it got. */
export class InvalidGateThresholdsError extends Error {
  override readonly name = 'InvalidGateThresholdsError';
  constructor(readonly issues: readonly string[]) {
    super(`invalid gate thresholds: ${issues.join('; ')}`);
  }
}

export function parseGateThresholds(input: unknown): GateThresholds {
  const parsed = GateThresholdsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidGateThresholdsError(formatZodIssues(parsed.error, { input }));
}
