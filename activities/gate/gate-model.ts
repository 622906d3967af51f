import { z } from 'zod';
import { evaluateGate, GATE_METRICS, GateThresholdsSchema, type GateMetrics, type GateResult } from '../../common/gate';
import { parseInput } from '../data/data-inputs';

// Metrics reports carry more fields (counts, threshold); the gate reads these six. NaN arrives
// as JSON null and stays a failing value.
const metric = z
  .number()
  .nullable()
  .transform((v) => (v === null ? Number.NaN : v));
const MetricsSchema = z.object(Object.fromEntries(GATE_METRICS.map((m) => [m, metric])) as Record<(typeof GATE_METRICS)[number], typeof metric>);

const GateModelInputSchema = z.strictObject({
  candidate: MetricsSchema,
  champion: MetricsSchema.nullable(),
  /** The candidate on the rows the champion was scored on, when that is not the whole holdout. */
  candidateOnComparison: MetricsSchema.optional(),
  /** Why the champion comparison is partial or skipped. */
  comparisonNote: z.string().optional(),
  thresholds: GateThresholdsSchema,
});
export type GateModelInput = z.input<typeof GateModelInputSchema>;

/**
 * gate_model: the evaluation gate as a task of its own, so the verdict is computed once, recorded
 * in the run's history, and read by every downstream task. Being an activity, a later change to
 * the gate's rules never changes what a run in flight decided.
 */
export function createGateModel() {
  return async function gateModel(input: GateModelInput): Promise<GateResult> {
    const valid = parseInput(GateModelInputSchema, input, 'gateModel');
    const { candidate, champion, candidateOnComparison, comparisonNote, thresholds } = valid;
    return evaluateGate(candidate as GateMetrics, (champion ?? undefined) as GateMetrics | undefined, thresholds, {
      ...(candidateOnComparison ? { candidate: candidateOnComparison as GateMetrics } : {}),
      ...(comparisonNote ? { note: comparisonNote } : {}),
    });
  };
}
