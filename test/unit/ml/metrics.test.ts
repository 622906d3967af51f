import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { averagePrecision, binaryMetrics, confusionMatrix, f1, precision, prCurve, recall, rocAuc, rocCurve } from '../../../lib/ml';

// Worked by hand: at 0.5 the predictions are 1 0 1 0 1 0, so tp 2, fn 1, fp 1, tn 2.
// Positive/negative pairs: 0.9 and 0.7 beat all three negatives (6), 0.4 beats 0.2 and ties
// 0.4 (1.5), so ROC-AUC = 7.5 / 9. Average precision: recall steps of 1/3 at precision 1, 1
// and 3/5 (the tied 0.4 pair enters together) give 13/15.
const labels = [1, 1, 0, 0, 1, 0];
const scores = [0.9, 0.4, 0.6, 0.2, 0.7, 0.4];

describe('threshold metrics', () => {
  test('count the confusion matrix with score >= threshold as positive', () => {
    assert.deepEqual(confusionMatrix(labels, scores), { threshold: 0.5, tp: 2, fp: 1, tn: 2, fn: 1 });
    assert.deepEqual(confusionMatrix(labels, scores, 0.4), { threshold: 0.4, tp: 3, fp: 2, tn: 1, fn: 0 });
  });

  test('derive precision, recall, F1 and accuracy from the counts', () => {
    const m = binaryMetrics(labels, scores);
    assert.equal(m.precision, 2 / 3);
    assert.equal(m.recall, 2 / 3);
    assert.equal(m.f1, 2 / 3);
    assert.equal(m.accuracy, 4 / 6);
    assert.equal(m.positives, 3);
    assert.equal(m.negatives, 3);
  });

  test('report 0 rather than NaN when nothing is predicted positive', () => {
    const c = confusionMatrix([1, 0], [0.1, 0.2]);
    assert.equal(precision(c), 0);
    assert.equal(recall(c), 0);
    assert.equal(f1(c), 0);
  });

  test('refuse labels and scores of different lengths', () => {
    assert.throws(() => confusionMatrix([1, 0], [0.5]), /differ in length \(2 vs 1\)/);
  });
});

describe('ranking metrics', () => {
  test('ROC-AUC counts tied positive/negative pairs as one half', () => {
    assert.ok(Math.abs(rocAuc(labels, scores) - 7.5 / 9) < 1e-12);
  });

  test('ROC-AUC is 1 for a perfect ranking, 0 for an inverted one and 0.5 when all scores tie', () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
    assert.equal(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]), 0);
    assert.equal(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]), 0.5);
  });

  test('average precision moves tied scores together', () => {
    assert.ok(Math.abs(averagePrecision(labels, scores) - 13 / 15) < 1e-12);
  });

  test('AUCs are NaN when the holdout has a single label', () => {
    assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
    assert.ok(Number.isNaN(averagePrecision([0, 0], [0.2, 0.3])));
  });
});

describe('curves', () => {
  test('the ROC curve has one point per distinct score, starting at the origin', () => {
    assert.deepEqual(rocCurve(labels, scores), [
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0, tpr: 1 / 3, threshold: 0.9 },
      { fpr: 0, tpr: 2 / 3, threshold: 0.7 },
      { fpr: 1 / 3, tpr: 2 / 3, threshold: 0.6 },
      { fpr: 2 / 3, tpr: 1, threshold: 0.4 },
      { fpr: 1, tpr: 1, threshold: 0.2 },
    ]);
  });

  test('the PR curve starts at recall 0, precision 1', () => {
    assert.deepEqual(prCurve(labels, scores), [
      { recall: 0, precision: 1, threshold: null },
      { recall: 1 / 3, precision: 1, threshold: 0.9 },
      { recall: 2 / 3, precision: 1, threshold: 0.7 },
      { recall: 2 / 3, precision: 2 / 3, threshold: 0.6 },
      { recall: 1, precision: 3 / 5, threshold: 0.4 },
      { recall: 1, precision: 1 / 2, threshold: 0.2 },
    ]);
  });
});
