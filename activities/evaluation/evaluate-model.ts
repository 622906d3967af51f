import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ArtifactConflictError, type ArtifactRef, type ArtifactStore } from '../../lib/artifacts';
import { sharedComputePool, type ScoredModelSpec } from '../../lib/compute';
import { binaryMetrics, parseBaselineArtifact, parseClassifierArtifact, type Sample } from '../../lib/ml';
import { countLabels, hasBothLabels } from '../../lib/ml/sample';
import { evaluationArtifactKey, InsufficientDataError, parseBackendSetting, readArtifactJson, readDatasetSplit } from '../../lib/training';
import type { ActivityDeps } from '../deps';
import { parseActivityInput, toActivityFailure, TRAINING_FAILURE_TYPES } from '../training/training-failures';
import { writeEvaluationPlots, type ScoredModel } from './evaluation-plots';
import { planComparison } from './fair-comparison';
import {
  EvaluateModelInputSchema,
  type ComparisonSummary,
  type EvaluateModelInput,
  type EvaluateModelOutput,
  type EvaluationActivityOptions,
} from './evaluation-types';

export type EvaluationDeps = Pick<ActivityDeps, 'store' | 'logger'>;

/**
 * Builds `evaluateModel`, the cpu-queue step: scores the candidate, its baseline and the champion
 * on the same time-based holdout rows and writes the metrics report and pictures. What it writes
 * is a function of its input (and the tfjs backend), so a retry rewrites identical bytes: a no-op.
 */
export function createEvaluateModel({ store, logger }: EvaluationDeps, options: EvaluationActivityOptions = {}) {
  const preferredBackend = options.backend ?? parseBackendSetting(process.env.TFJS_BACKEND);
  const compute = options.compute ?? sharedComputePool();

  return async function evaluateModel(rawInput: EvaluateModelInput): Promise<EvaluateModelOutput> {
    const input = parseActivityInput(EvaluateModelInputSchema, rawInput, 'evaluateModel');
    const context = Context.current();
    const log = logger.child({ modelName: input.modelName, workflowId: context.info.workflowExecution?.workflowId, runKey: input.runKey });
    try {
      const split = await readDatasetSplit(store, input.dataset, input.holdout, {
        onProgress: (rowsRead) => context.heartbeat({ phase: 'reading', rowsRead }),
      });
      const holdout = split.holdout;
      assertEvaluable(holdout);
      const texts = holdout.map((s) => s.text);
      const labels = holdout.map((s) => s.label);
      const plan = planComparison(split.holdoutEventTimes, labels, input.champion);
      const restricted = plan.rowIndices;
      const pick = <T>(values: readonly T[]): T[] => (restricted ? restricted.map((i) => values[i] as T) : [...values]);
      const comparisonLabels = pick(labels);

      // Parsed here, so a bad artifact fails as UnreadableArtifact before any thread works on it.
      const specs: ScoredModelSpec[] = [
        { kind: 'classifier', artifact: parseClassifierArtifact(await readArtifactJson(store, input.candidate.model)) },
        { kind: 'baseline', artifact: parseBaselineArtifact(await readArtifactJson(store, input.candidate.baseline)) },
      ];
      const scoreChampion = input.champion && plan.basis !== 'skipped' ? input.champion : undefined;
      if (scoreChampion) {
        const artifact = parseClassifierArtifact(await readArtifactJson(store, scoreChampion.model));
        specs.push(restricted ? { kind: 'classifier', artifact, rows: restricted } : { kind: 'classifier', artifact });
      }
      const modelNames = ['candidate', 'baseline', 'champion'] as const;
      context.heartbeat({ phase: 'scoring', model: 'candidate', rowsDone: 0, rows: texts.length });
      const { scores } = await compute.run(
        'scoreModels',
        { texts, models: specs, ...(preferredBackend ? { backend: preferredBackend } : {}) },
        {
          signal: context.cancellationSignal,
          onProgress: (p) => context.heartbeat({ phase: 'scoring', model: modelNames[p.model], rowsDone: p.rowsDone, rows: p.rows }),
        },
      );
      const [candidateScores, baselineScores, championScores] = scores as [number[], number[], number[] | undefined];
      const score = (modelScores: number[], name: string, plot: ScoredModel['plot'], on: readonly (0 | 1)[] = labels): ScoredModel => ({
        name,
        scores: modelScores,
        plot,
        metrics: binaryMetrics(on, modelScores, input.threshold),
      });
      const candidate = score(candidateScores, 'candidate', 'confusionCandidate');
      const baseline = score(baselineScores, 'baseline (naive Bayes)', 'confusionBaseline');
      const champion =
        scoreChampion && championScores ? score(championScores, `champion v${scoreChampion.version}`, 'confusionChampion', comparisonLabels) : undefined;
      const candidateOnComparison = restricted ? score(pick(candidateScores), 'candidate', 'confusionCandidate', comparisonLabels) : undefined;
      const baselineOnComparison = restricted ? score(pick(baselineScores), 'baseline (naive Bayes)', 'confusionBaseline', comparisonLabels) : undefined;
      const comparison: ComparisonSummary = {
        rows: plan.rows,
        excludedRows: plan.excludedRows,
        basis: plan.basis,
        ...(plan.reason ? { reason: plan.reason } : {}),
      };
      if (plan.reason) log.info({ basis: plan.basis, reason: plan.reason }, 'champion comparison restricted');

      // On a restricted comparison every curve is drawn on the comparison rows, so the pictures compare like with like.
      const models =
        restricted && champion && candidateOnComparison && baselineOnComparison
          ? [candidateOnComparison, champion, baselineOnComparison]
          : champion
            ? [candidate, champion, baseline]
            : [candidate, baseline];
      const plotRows = restricted ? `the ${plan.rows} holdout rows outside the champion's training window` : 'the holdout';
      const writeOutputs = async (keyRoot: string) => {
        const plots = await writeEvaluationPlots(store, keyRoot, restricted ? comparisonLabels : labels, models, plotRows);
        const report = await putReport(store, keyRoot, {
          modelName: input.modelName,
          runKey: input.runKey,
          dataset: { dataUri: input.dataset.dataUri, sha256: input.dataset.sha256, interval: input.dataset.interval },
          holdout: { ...input.holdout, rows: holdout.length, positives: candidate.metrics.positives, negatives: candidate.metrics.negatives },
          threshold: input.threshold,
          candidate: { model: input.candidate.model, metrics: candidate.metrics },
          baseline: { model: input.candidate.baseline, metrics: baseline.metrics },
          champion:
            input.champion && champion
              ? { version: input.champion.version, model: input.champion.model, trainedOn: input.champion.trainedOn ?? null, metrics: champion.metrics }
              : null,
          comparison,
          candidateOnComparison: candidateOnComparison?.metrics ?? null,
          baselineOnComparison: baselineOnComparison?.metrics ?? null,
          plots,
        });
        return { plots, report };
      };
      let written: Awaited<ReturnType<typeof writeOutputs>>;
      try {
        written = await writeOutputs(input.runKey);
      } catch (error) {
        if (!(error instanceof ArtifactConflictError)) throw error;
        // A retry on a worker with another tfjs backend can score the last float bits
        // differently from the attempt that crashed after writing; keep both rather than fail.
        log.warn({ artifactUri: error.uri }, 'evaluation output differs from an earlier attempt; writing it under the attempt');
        written = await writeOutputs(`${input.runKey}/attempt-${context.info.attempt}`);
      }
      const { plots, report } = written;
      log.info({ artifactUri: report.uri, f1: candidate.metrics.f1, rocAuc: candidate.metrics.rocAuc, championF1: champion?.metrics.f1 }, 'evaluation done');
      return {
        candidate: candidate.metrics,
        baseline: baseline.metrics,
        ...(champion ? { champion: champion.metrics } : {}),
        ...(candidateOnComparison ? { candidateOnComparison: candidateOnComparison.metrics } : {}),
        ...(baselineOnComparison ? { baselineOnComparison: baselineOnComparison.metrics } : {}),
        comparison,
        holdoutRows: holdout.length,
        plots,
        reportUri: report.uri,
        report,
      };
    } catch (error) {
      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
      if (error instanceof ArtifactConflictError) {
        throw ApplicationFailure.nonRetryable(
          `${error.message}; even the attempt's own key was taken, so runKey ${JSON.stringify(input.runKey)} ` +
            'was used before for another evaluation: give each run its own runKey',
          TRAINING_FAILURE_TYPES.artifactConflict,
        );
      }
      throw toActivityFailure(error);
    }
  };
}

/** AUCs are undefined on a one-label holdout (and NaN would reach the gate as JSON null). */
function assertEvaluable(holdout: readonly Sample[]): void {
  const counts = countLabels(holdout);
  if (!hasBothLabels(counts)) {
    throw new InsufficientDataError('holdout', holdout.length, counts, 'evaluation needs both labels in the holdout window; widen it or move it');
  }
}

async function putReport(store: ArtifactStore, runKey: string, report: Record<string, unknown>): Promise<ArtifactRef> {
  return store.put(evaluationArtifactKey(runKey, 'report.json'), `${JSON.stringify(report, null, 2)}\n`, { contentType: 'application/json' });
}
