import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confusionMatrixSvg, lossCurveSvg, prCurve, prCurveSvg, rocCurve, rocCurveSvg } from '../../../lib/ml';

/** Enough XML checking for string-built SVG: one root, every element closed in order. */
function assertWellFormed(svg: string): void {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name as string);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  // Every '<' must start a tag: text content is escaped.
  assert.equal(svg.replace(/<\/?[a-zA-Z][^<>]*>/g, '').includes('<'), false);
}

const labels = [1, 1, 0, 0, 1, 0];
const candidate = [0.9, 0.4, 0.6, 0.2, 0.7, 0.4];
const champion = [0.8, 0.7, 0.3, 0.2, 0.6, 0.5];

describe('plots', () => {
  test('the ROC plot is well-formed SVG with axes, title and both series in the legend', () => {
    const svg = rocCurveSvg([
      { name: 'candidate', points: rocCurve(labels, candidate), area: 0.8333 },
      { name: 'champion', points: rocCurve(labels, champion), area: 1 },
    ]);
    assertWellFormed(svg);
    for (const text of ['ROC curve', 'False positive rate', 'True positive rate', 'candidate (AUC 0.833)', 'champion (AUC 1.000)']) {
      assert.ok(svg.includes(text), `missing ${text}`);
    }
    assert.equal(svg.match(/<polyline/g)?.length, 3, 'two series and the chance diagonal');
  });

  test('the PR plot labels its axes and escapes series names', () => {
    const svg = prCurveSvg([{ name: 'v<2> & "best"', points: prCurve(labels, candidate) }], 'PR on holdout');
    assertWellFormed(svg);
    for (const text of ['PR on holdout', 'Recall', 'Precision', 'v&#60;2&#62; &#38; &#34;best&#34;']) {
      assert.ok(svg.includes(text), `missing ${text}`);
    }
  });

  test('the confusion matrix shows each count with its class names', () => {
    const svg = confusionMatrixSvg({ threshold: 0.5, tp: 342, fp: 7, tn: 823, fn: 38 });
    assertWellFormed(svg);
    for (const text of ['Confusion matrix at threshold 0.5', 'Predicted', 'Actual', 'ham', 'spam', '>342<', '>7<', '>823<', '>38<']) {
      assert.ok(svg.includes(text), `missing ${text}`);
    }
  });

  test('the loss curve plots each epoch and skips non-finite losses', () => {
    const svg = lossCurveSvg([
      { name: 'train', values: [0.69, 0.4, 0.2, 0.1] },
      { name: 'diverged', values: [0.7, Number.NaN] },
    ]);
    assertWellFormed(svg);
    for (const text of ['Training loss', 'Epoch', 'Mean loss', 'train', 'diverged']) {
      assert.ok(svg.includes(text), `missing ${text}`);
    }
    assert.ok(!svg.includes('NaN'));
  });
});
