import { psi } from '../dataset';
import type { PredictionStats } from '../serving/prediction-stats';

/** Limits one rollout stage is analysed against; deploy_model's params carry them. */
export interface RolloutThresholds {
  /** Challenger predictions a stage needs before it is analysed. */
  readonly minRequests: number;
  /** Of those, predictions with a moderator's feedback label. */
  readonly minLabelled: number;
  /** Lowest agreement of the challenger's labels with feedback, absolute. */
  readonly minAgreement: number;
  /** Largest drop of the challenger's agreement below the champion's over the rollout. */
  readonly maxAgreementDrop: number;
  /** Largest PSI between the champion's and the challenger's score histograms. */
  readonly maxScorePsi: number;
  /** Largest share of the challenger's predictions that threw. */
  readonly maxErrorRate: number;
  /** Largest p99 latency of the challenger's predictions, in milliseconds. */
  readonly maxP99Ms: number;
}

export interface AnalysisCheck {
  readonly name: 'agreement' | 'agreement_vs_champion' | 'score_psi' | 'error_rate' | 'p99_latency';
  readonly passed: boolean;
  /** null when the check had nothing to compare (it then passes, and `detail` says why). */
  readonly value: number | null;
  readonly limit: number;
  readonly detail: string;
}

export interface StageAnalysis {
  readonly passed: boolean;
  /** One sentence per failed check; a single summary sentence when every check passed. */
  readonly reasons: readonly string[];
  readonly checks: readonly AnalysisCheck[];
}

const f = (v: number, digits = 3) => v.toFixed(digits);

/**
 * Enough traffic to analyse: the stage's challenger predictions and feedback labels. Returns what
 * is still missing, or an empty list.
 */
export function missingTraffic(challenger: PredictionStats, thresholds: Pick<RolloutThresholds, 'minRequests' | 'minLabelled'>): string[] {
  const missing: string[] = [];
  if (challenger.count < thresholds.minRequests) missing.push(`${challenger.count} of ${thresholds.minRequests} requests`);
  if (challenger.labelled < thresholds.minLabelled) missing.push(`${challenger.labelled} of ${thresholds.minLabelled} labelled predictions`);
  return missing;
}

/**
 * The decision of one stage: the challenger's predictions in the stage against the champion's over
 * the whole rollout (at 100% canary the champion answers nothing, so its stage window would be
 * empty). Pure: the same stats always give the same decision and reasons.
 */
export function analyseStage(challenger: PredictionStats, champion: PredictionStats, t: RolloutThresholds): StageAnalysis {
  const checks: AnalysisCheck[] = [];
  const agreement = challenger.agreement;
  checks.push(
    agreement === null
      ? { name: 'agreement', passed: true, value: null, limit: t.minAgreement, detail: 'no labelled challenger prediction' }
      : {
          name: 'agreement',
          passed: agreement >= t.minAgreement,
          value: agreement,
          limit: t.minAgreement,
          detail: `challenger agrees with ${f(agreement)} of ${challenger.labelled} feedback labels (minAgreement ${t.minAgreement})`,
        },
  );
  if (agreement !== null && champion.agreement !== null) {
    const drop = champion.agreement - agreement;
    checks.push({
      name: 'agreement_vs_champion',
      passed: drop <= t.maxAgreementDrop,
      value: drop,
      limit: t.maxAgreementDrop,
      detail: `challenger agreement ${f(agreement)} vs champion ${f(champion.agreement)} over ${champion.labelled} labels: drop ${f(drop)} (maxAgreementDrop ${t.maxAgreementDrop})`,
    });
  } else {
    checks.push({
      name: 'agreement_vs_champion',
      passed: true,
      value: null,
      limit: t.maxAgreementDrop,
      detail: 'no labelled predictions of the champion or the challenger to compare',
    });
  }
  const scored = (s: PredictionStats) => s.scoreHistogram.reduce((a, b) => a + b, 0);
  if (scored(challenger) > 0 && scored(champion) > 0) {
    const drift = psi(champion.scoreHistogram, challenger.scoreHistogram);
    checks.push({
      name: 'score_psi',
      passed: drift <= t.maxScorePsi,
      value: drift,
      limit: t.maxScorePsi,
      detail: `score PSI ${f(drift, 4)} against the champion's ${scored(champion)} scores (maxScorePsi ${t.maxScorePsi})`,
    });
  } else {
    checks.push({ name: 'score_psi', passed: true, value: null, limit: t.maxScorePsi, detail: 'no scores of the champion or the challenger to compare' });
  }
  const errorRate = challenger.count === 0 ? 0 : challenger.errors / challenger.count;
  checks.push({
    name: 'error_rate',
    passed: errorRate <= t.maxErrorRate,
    value: errorRate,
    limit: t.maxErrorRate,
    detail: `${challenger.errors} of ${challenger.count} predictions failed: error rate ${f(errorRate, 4)} (maxErrorRate ${t.maxErrorRate})`,
  });
  checks.push({
    name: 'p99_latency',
    passed: challenger.p99Ms <= t.maxP99Ms,
    value: challenger.p99Ms,
    limit: t.maxP99Ms,
    detail: `p99 latency ${f(challenger.p99Ms, 1)} ms (maxP99Ms ${t.maxP99Ms})`,
  });
  const failed = checks.filter((c) => !c.passed);
  const passed = failed.length === 0;
  return {
    passed,
    reasons: passed ? [`passed ${checks.length} checks over ${challenger.count} requests`] : failed.map((c) => `${c.name} failed: ${c.detail}`),
    checks,
  };
}
