export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
  /** Lowest score predicted positive at this point; null for the start, where nothing is. */
  readonly threshold: number | null;
}

export interface PrPoint {
  readonly recall: number;
  readonly precision: number;
  /** Lowest score predicted positive at this point; null for the start, where nothing is. */
  readonly threshold: number | null;
}

export function assertSameLength(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`labels and scores differ in length (${labels.length} vs ${scores.length})`);
  }
}

interface Step {
  readonly threshold: number;
  /** Cumulative counts of everything scoring >= threshold. */
  readonly tp: number;
  readonly fp: number;
}

/** One step per distinct score, highest first: tied scores move together, never half way. */
function thresholdSteps(labels: ArrayLike<number>, scores: ArrayLike<number>): { steps: Step[]; pos: number; neg: number } {
  assertSameLength(labels, scores);
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const steps: Step[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) steps.push({ threshold: scores[i] as number, tp, fp });
  }
  return { steps, pos: tp, neg: fp };
}

/**
 * Area under the ROC curve as the Mann-Whitney statistic: the chance that a random positive
 * scores above a random negative, ties counting one half. NaN when either label is missing.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { steps, pos, neg } = thresholdSteps(labels, scores);
  if (pos === 0 || neg === 0) return Number.NaN;
  // Trapezoids between successive steps are exactly the midrank tie correction.
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (const { tp, fp } of steps) {
    area += ((fp - prevFp) * (tp + prevTp)) / 2;
    prevTp = tp;
    prevFp = fp;
  }
  return area / (pos * neg);
}

/**
 * PR-AUC as average precision (scikit-learn's definition): the sum over thresholds of precision
 * weighted by the recall gained there. No interpolation, so it is not optimistic. NaN without positives.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { steps, pos } = thresholdSteps(labels, scores);
  if (pos === 0) return Number.NaN;
  let ap = 0;
  let prevTp = 0;
  for (const { tp, fp } of steps) {
    ap += ((tp - prevTp) / pos) * (tp / (tp + fp));
    prevTp = tp;
  }
  return ap;
}

/** ROC curve from (0, 0) to (1, 1), one point per distinct score. */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocPoint[] {
  const { steps, pos, neg } = thresholdSteps(labels, scores);
  return [
    { fpr: 0, tpr: 0, threshold: null },
    ...steps.map(({ threshold, tp, fp }) => ({ fpr: neg === 0 ? 0 : fp / neg, tpr: pos === 0 ? 0 : tp / pos, threshold })),
  ];
}

/** Precision-recall curve starting at recall 0, precision 1 (scikit-learn's convention). */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrPoint[] {
  const { steps, pos } = thresholdSteps(labels, scores);
  return [
    { recall: 0, precision: 1, threshold: null },
    ...steps.map(({ threshold, tp, fp }) => ({ recall: pos === 0 ? 0 : tp / pos, precision: tp / (tp + fp), threshold })),
  ];
}
