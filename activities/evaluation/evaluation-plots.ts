import type { ArtifactRef, ArtifactStore } from '../../lib/artifacts';
import { confusionMatrixSvg, prCurve, prCurveSvg, rocCurve, rocCurveSvg, type CurveSeries, type PrPoint, type RocPoint } from '../../lib/ml';
import { evaluationArtifactKey } from '../../lib/training';
import type { EvaluationPlotName, ModelMetrics } from './evaluation-types';

/** One model's holdout scores, with its legend name. */
export interface ScoredModel {
  readonly name: string;
  readonly scores: readonly number[];
  readonly metrics: ModelMetrics;
  readonly plot: Extract<EvaluationPlotName, `confusion${string}`>;
}

/**
 * Writes the evaluation pictures: every model's ROC and PR curve on shared axes (so a reviewer
 * sees the candidate against the champion and the baseline in one picture) and a confusion
 * matrix per model at the decision threshold.
 */
export async function writeEvaluationPlots(
  store: ArtifactStore,
  runKey: string,
  labels: readonly number[],
  models: readonly ScoredModel[],
  /** What the rows are, for the titles. @default 'the holdout' */
  rows = 'the holdout',
): Promise<Partial<Record<EvaluationPlotName, ArtifactRef>>> {
  const roc: Array<CurveSeries<RocPoint>> = models.map((m) => ({ name: m.name, points: rocCurve(labels, m.scores), area: m.metrics.rocAuc }));
  const pr: Array<CurveSeries<PrPoint>> = models.map((m) => ({ name: m.name, points: prCurve(labels, m.scores), area: m.metrics.prAuc }));
  const svgs: Array<[EvaluationPlotName, string, string]> = [
    ['rocCurve', 'roc-curve.svg', rocCurveSvg(roc, `ROC curve on ${rows}`)],
    ['prCurve', 'pr-curve.svg', prCurveSvg(pr, `Precision-recall curve on ${rows}`)],
    ...models.map((m): [EvaluationPlotName, string, string] => [
      m.plot,
      `confusion-${m.plot.slice('confusion'.length).toLowerCase()}.svg`,
      confusionMatrixSvg(m.metrics.confusion, { title: `${m.name}: confusion matrix at threshold ${m.metrics.confusion.threshold}` }),
    ]),
  ];
  const plots: Partial<Record<EvaluationPlotName, ArtifactRef>> = {};
  for (const [name, file, svg] of svgs) {
    plots[name] = await store.put(evaluationArtifactKey(runKey, file), svg, { contentType: 'image/svg+xml' });
  }
  return plots;
}
