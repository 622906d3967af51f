import { assertSameLength, averagePrecision, rocAuc } from './curves';

/** Counts at one threshold; a score >= threshold predicts label 1. */
export interface ConfusionMatrix {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Everything the evaluation step reports for one model on one holdout. The metric fields are
 * the ones the gate (`common/gate`) checks; ratios with a zero denominator are 0, as in
 * scikit-learn, except the AUCs, which are NaN when the holdout has a single label.
 */
export interface BinaryMetrics {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly confusion: ConfusionMatrix;
  readonly positives: number;
  readonly negatives: number;
}

export function confusionMatrix(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): ConfusionMatrix {
  assertSameLength(labels, scores);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return { threshold, tp, fp, tn, fn };
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export const precision = (c: ConfusionMatrix): number => ratio(c.tp, c.tp + c.fp);
export const recall = (c: ConfusionMatrix): number => ratio(c.tp, c.tp + c.fn);
export const accuracy = (c: ConfusionMatrix): number => ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);
/** Harmonic mean of precision and recall, computed from counts: 2tp / (2tp + fp + fn). */
export const f1 = (c: ConfusionMatrix): number => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);

export function binaryMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  const confusion = confusionMatrix(labels, scores, threshold);
  return {
    accuracy: accuracy(confusion),
    precision: precision(confusion),
    recall: recall(confusion),
    f1: f1(confusion),
    rocAuc: rocAuc(labels, scores),
    prAuc: averagePrecision(labels, scores),
    confusion,
    positives: confusion.tp + confusion.fn,
    negatives: confusion.tn + confusion.fp,
  };
}
