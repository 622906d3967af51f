import { GATE_METRICS, type GateMetricName, type GateMetrics, type GateThresholds } from './gate-thresholds';

export type GateCheckName = 'minimum' | 'max-regression' | 'min-improvement';

export interface GateCheck {
  readonly name: GateCheckName;
  readonly metric: GateMetricName;
  readonly value: number;
  /** The lowest passing value: the minimum, champion - maxRegression, or champion + minImprovement. */
  readonly limit: number;
  readonly passed: boolean;
}

export interface GateResult {
  readonly passed: boolean;
  /** One sentence per failed check, or one summary sentence when all passed. */
  readonly reasons: string[];
  readonly checks: GateCheck[];
}

// Absorbs float noise such as 0.95 + 0.01 = 0.9600000000000001, which must not fail a 0.96.
const EPSILON = 1e-9;
const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : String(n));

/**
 * The evaluation gate: a pure function of the metrics and the thresholds, so a workflow can run
 * it inline and a replay gives the same verdict. A failed gate is a result, not an error.
 */
export function evaluateGate(
  candidate: GateMetrics,
  champion: GateMetrics | undefined,
  thresholds: GateThresholds,
  comparison: GateComparison = {},
): GateResult {
  const checks: GateCheck[] = [];
  const reasons: string[] = [];
  // Floors judge the whole holdout; champion checks judge the rows both models may be scored on.
  const relative = comparison.candidate ?? candidate;
  const add = (name: GateCheckName, metric: GateMetricName, limit: number, failure: () => string) => {
    const value = (name === 'minimum' ? candidate : relative)[metric];
    const passed = Number.isFinite(value) && Number.isFinite(limit) && value >= limit - EPSILON;
    checks.push({ name, metric, value, limit, passed });
    if (!passed) reasons.push(Number.isFinite(value) ? failure() : `${metric} is ${value}, so it cannot pass the ${name} check`);
  };

  for (const metric of GATE_METRICS) {
    const minimum = thresholds.minimum[metric];
    if (minimum !== undefined) {
      add('minimum', metric, minimum, () => `${metric} ${f(candidate[metric])} is below the minimum ${f(minimum)}`);
    }
    if (champion === undefined) continue;
    const best = champion[metric];
    const mine = relative[metric];
    const allowed = thresholds.maxRegression[metric];
    if (allowed !== undefined) {
      add('max-regression', metric, best - allowed, () =>
        Number.isFinite(best)
          ? `${metric} ${f(mine)} is ${f(best - mine)} below the champion's ${f(best)}; ` + `at most ${f(allowed)} of regression is allowed`
          : `champion ${metric} is ${best}, so the regression check cannot be made`,
      );
    }
    const required = thresholds.minImprovement[metric];
    if (required !== undefined) {
      add('min-improvement', metric, best + required, () => {
        if (!Number.isFinite(best)) return `champion ${metric} is ${best}, so the improvement check cannot be made`;
        const gain = mine - best;
        return gain > 0
          ? `${metric} ${f(mine)} improves on the champion's ${f(best)} by only ${f(gain)}; at least ${f(required)} is required`
          : `${metric} ${f(mine)} does not improve on the champion's ${f(best)}; at least ${f(required)} is required`;
      });
    }
  }

  const passed = checks.every((c) => c.passed);
  if (passed) {
    const against =
      champion !== undefined
        ? comparison.note
          ? ` against the champion (${comparison.note})`
          : ' against the champion'
        : comparison.note
          ? ` (regression and improvement checks skipped: ${comparison.note})`
          : ' (first model: no champion, so regression and improvement checks were skipped)';
    reasons.push(`passed all ${checks.length} checks${against}`);
  } else if (comparison.note) {
    reasons.push(champion !== undefined ? `champion compared ${comparison.note}` : `regression and improvement checks skipped: ${comparison.note}`);
  }
  return { passed, reasons, checks };
}

/** How candidate and champion were compared, when not on the whole holdout. */
export interface GateComparison {
  /** The candidate's metrics on the rows the champion was scored on. @default the full-holdout metrics */
  readonly candidate?: GateMetrics;
  /** Why the comparison is partial or skipped; recorded in the reasons. */
  readonly note?: string;
}
