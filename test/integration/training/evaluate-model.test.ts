import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { EvaluateModelInput, EvaluateModelOutput } from '../../../activities/evaluation';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/training';
import { DEFAULT_GATE_THRESHOLDS, evaluateGate } from '../../../common/gate';
import { readAll } from '../../../lib/artifacts';
import type { DatasetManifest, Interval } from '../../../lib/dataset';
import { holdoutWindow } from '../../../lib/training';
import { TrainingHarness } from './harness';
import { SMALL_CONFIG, writeSyntheticDataset } from './synthetic-dataset';

describe('evaluateModel through a real Temporal worker', () => {
  const h = new TrainingHarness();
  let manifest: DatasetManifest;
  let holdout: Interval;
  let proper: TrainModelOutput;
  let shuffled: TrainModelOutput;

  const train = (runKey: string, over: Partial<TrainModelInput> = {}): Promise<TrainModelOutput> =>
    h.env.client.workflow.execute('trainOnce', {
      taskQueue: h.cpuQueue,
      workflowId: `train-${runKey}-${h.cpuQueue}`,
      args: [{ taskQueue: h.gpuQueue, train: { modelName: 'spam', dataset: manifest, holdout, config: SMALL_CONFIG, runKey, ...over } }],
    });
  const evaluate = (
    runKey: string,
    candidate: TrainModelOutput,
    champion: TrainModelOutput | undefined,
    over: Partial<EvaluateModelInput> = {},
  ): Promise<EvaluateModelOutput> =>
    h.env.client.workflow.execute('evaluateOnce', {
      taskQueue: h.cpuQueue,
      workflowId: `evaluate-${runKey}-${h.cpuQueue}`,
      args: [
        {
          taskQueue: h.cpuQueue,
          evaluate: {
            modelName: 'spam',
            dataset: manifest,
            holdout,
            candidate: { model: candidate.model, baseline: candidate.baseline },
            champion: champion ? { version: 1, model: champion.model } : null,
            runKey,
            ...over,
          },
        },
      ],
    });
  const text = async (uri: string) => (await readAll(await h.store.openRead(uri))).toString();

  before(async () => {
    await h.start({ gpuWorker: true });
    manifest = await writeSyntheticDataset(h.store, 'datasets/evaluate-it/events.jsonl', { count: 600, seed: 41 });
    holdout = holdoutWindow(manifest.interval, 1);
    [proper, shuffled] = await Promise.all([train('proper'), train('shuffled', { shuffleLabels: true })]);
  });
  after(() => h.stop());

  test('scores the champion exactly like the candidate when both are the same model, and writes valid SVGs', async () => {
    const out = await evaluate('same-model', proper, proper);
    assert.equal(out.holdoutRows, 150);
    assert.deepEqual(out.champion, out.candidate);
    assert.equal(out.candidate.positives + out.candidate.negatives, 150);
    assert.equal(out.candidate.confusion.threshold, 0.5);
    assert.ok(out.baseline.f1 > 0.8, `baseline F1 ${out.baseline.f1}`);
    assert.deepEqual(Object.keys(out.plots).sort(), ['confusionBaseline', 'confusionCandidate', 'confusionChampion', 'prCurve', 'rocCurve']);
    for (const [name, ref] of Object.entries(out.plots)) assertWellFormedSvg(await text(ref.uri), name);
    const roc = await text(out.plots.rocCurve!.uri);
    for (const legend of ['candidate', 'champion v1', 'baseline (naive Bayes)']) assert.ok(roc.includes(legend), `ROC legend has ${legend}`);
    const report = JSON.parse(await text(out.reportUri));
    assert.deepEqual(report.candidate.metrics, out.candidate);
    assert.equal(report.champion.version, 1);
  });

  test('scores the champion only on holdout rows outside its training window, and the candidate on both', async () => {
    const trainedOn = { start: manifest.interval.start, end: new Date(Date.parse(holdout.start) + 3.5 * 86_400_000).toISOString() };
    const out = await evaluate('overlap', proper, proper, { champion: { version: 1, model: proper.model, trainedOn } });
    assert.equal(out.comparison.basis, 'outside-champion-training');
    assert.equal(out.comparison.rows + out.comparison.excludedRows, 150);
    assert.ok(out.comparison.excludedRows > 0 && out.comparison.rows >= 50, JSON.stringify(out.comparison));
    assert.match(
      out.comparison.reason ?? '',
      new RegExp(`covers ${out.comparison.excludedRows} of 150 holdout rows; compared on the other ${out.comparison.rows}$`),
    );
    // The same model on the same rows: the restricted candidate equals the champion exactly.
    assert.deepEqual(out.champion, out.candidateOnComparison);
    assert.equal(out.candidate.positives + out.candidate.negatives, 150);
    assert.equal((out.champion?.positives ?? 0) + (out.champion?.negatives ?? 0), out.comparison.rows);
    const report = JSON.parse(await text(out.reportUri)) as Record<string, unknown>;
    assert.deepEqual(report.comparison, out.comparison);
    assert.deepEqual(report.candidateOnComparison, out.candidateOnComparison);
  });

  test('does not score a champion that trained on the whole holdout, and says why', async () => {
    const out = await evaluate('covered', proper, proper, {
      champion: { version: 1, model: proper.model, trainedOn: { start: manifest.interval.start, end: manifest.interval.end } },
    });
    assert.equal(out.comparison.basis, 'skipped');
    assert.equal(out.comparison.excludedRows, 150);
    assert.equal(out.champion, undefined);
    assert.equal(out.candidateOnComparison, undefined);
    assert.equal(out.plots.confusionChampion, undefined);
    assert.match(out.comparison.reason ?? '', /^champion v1 trained on .*covers 150 of 150 holdout rows; the other 0 are fewer than 50/);
  });

  test('a candidate trained on shuffled labels gets a much lower F1, and the default gate rejects it', async (t) => {
    const first = await evaluate('proper-first', proper, undefined);
    const verdictFirst = evaluateGate(first.candidate, first.champion, DEFAULT_GATE_THRESHOLDS);
    assert.equal(verdictFirst.passed, true, verdictFirst.reasons.join('; '));

    const degraded = await evaluate('shuffled-vs-proper', shuffled, proper);
    t.diagnostic(`F1 properly trained ${degraded.champion?.f1.toFixed(3)}, shuffled labels ${degraded.candidate.f1.toFixed(3)}`);
    assert.ok(degraded.champion && degraded.candidate.f1 < degraded.champion.f1 - 0.3, `F1 ${degraded.candidate.f1} vs ${degraded.champion?.f1}`);
    const verdict = evaluateGate(degraded.candidate, degraded.champion, DEFAULT_GATE_THRESHOLDS);
    assert.equal(verdict.passed, false);
    assert.ok(
      verdict.reasons.some((r) => /^f1 0\.\d{3} is below the minimum 0\.950$/.test(r)),
      verdict.reasons.join('; '),
    );
    assert.ok(
      verdict.reasons.some((r) => r.startsWith('f1') && r.includes("below the champion's")),
      verdict.reasons.join('; '),
    );
  });

  test('fails non-retryably when the holdout window holds a single label', async () => {
    // The first row of the synthetic set is ham; a window around it alone has no spam.
    const error = await evaluate('one-label', proper, undefined, {
      holdout: { start: manifest.interval.start, end: new Date(Date.parse(manifest.interval.start) + 1).toISOString() },
    }).then(
      () => assert.fail('evaluation should refuse a one-label holdout'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError && error.cause instanceof ActivityFailure);
    const cause = error.cause.cause;
    assert.ok(cause instanceof ApplicationFailure && cause.nonRetryable && cause.type === 'InsufficientData', String(cause));
    assert.match(cause.message, /holdout rows are not enough: evaluation needs both labels/);
  });
});

/** Enough XML checking for generated SVG: one root element, every tag closed in order. */
function assertWellFormedSvg(svg: string, name: string): void {
  assert.match(svg, /^(<\?xml[^>]*\?>\s*)?<svg[\s>]/, `${name} starts with <svg`);
  const stack: string[] = [];
  for (const [, closing, tag, , selfClosing] of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[^>]*?)?)(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) stack.push(tag!);
    else assert.equal(stack.pop(), tag, `${name}: </${tag}> closes the wrong element`);
  }
  assert.deepEqual(stack, [], `${name}: unclosed ${stack.join(', ')}`);
  assert.doesNotMatch(svg, /NaN|undefined/, `${name} has no NaN or undefined coordinates`);
}
