import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ArtifactConflictError, type ArtifactRef, type ArtifactStore } from '../../lib/artifacts';
import { binaryMetrics, NaiveBayesBaseline, TextClassifier, type Sample } from '../../lib/ml';
import { ensureBackend, evaluationArtifactKey, InsufficientDataError, parseBackendSetting, readArtifactJson, readDatasetSplit } from '../../lib/training';
import type { ActivityDeps } from '../deps';
import { parseActivityInput, toActivityFailure, TRAINING_FAILURE_TYPES } from '../training/training-failures';
import { writeEvaluationPlots, type ScoredModel } from './evaluation-plots';
import {
  EvaluateModelInputSchema,
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

  return async function evaluateModel(rawInput: EvaluateModelInput): Promise<EvaluateModelOutput> {
    const input = parseActivityInput(EvaluateModelInputSchema, rawInput, 'evaluateModel');
    const context = Context.current();
    const log = logger.child({ modelName: input.modelName, workflowId: context.info.workflowExecution?.workflowId, runKey: input.runKey });
    try {
      await ensureBackend(preferredBackend, logger);
      const { holdout } = await readDatasetSplit(store, input.dataset, input.holdout, {
        onProgress: (rowsRead) => context.heartbeat({ phase: 'reading', rowsRead }),
      });
      assertEvaluable(holdout);
      const texts = holdout.map((s) => s.text);
      const labels = holdout.map((s) => s.label);
      const score = (scores: number[], name: string, plot: ScoredModel['plot']): ScoredModel => ({
        name,
        scores,
        plot,
        metrics: binaryMetrics(labels, scores, input.threshold),
      });

      context.heartbeat({ phase: 'scoring' });
      const candidate = score(await predictWithClassifier(store, input.candidate.model, texts), 'candidate', 'confusionCandidate');
      const baseline = score(
        NaiveBayesBaseline.load(await readArtifactJson(store, input.candidate.baseline)).predictProba(texts),
        'baseline (naive Bayes)',
        'confusionBaseline',
      );
      const champion = input.champion
        ? score(await predictWithClassifier(store, input.champion.model, texts), `champion v${input.champion.version}`, 'confusionChampion')
        : undefined;

      const models = champion ? [candidate, champion, baseline] : [candidate, baseline];
      const writeOutputs = async (keyRoot: string) => {
        const plots = await writeEvaluationPlots(store, keyRoot, labels, models);
        const report = await putReport(store, keyRoot, {
          modelName: input.modelName,
          runKey: input.runKey,
          dataset: { dataUri: input.dataset.dataUri, sha256: input.dataset.sha256, interval: input.dataset.interval },
          holdout: { ...input.holdout, rows: holdout.length, positives: candidate.metrics.positives, negatives: candidate.metrics.negatives },
          threshold: input.threshold,
          candidate: { model: input.candidate.model, metrics: candidate.metrics },
          baseline: { model: input.candidate.baseline, metrics: baseline.metrics },
          champion: input.champion && champion ? { version: input.champion.version, model: input.champion.model, metrics: champion.metrics } : null,
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

async function predictWithClassifier(store: ArtifactStore, ref: ArtifactRef, texts: readonly string[]): Promise<number[]> {
  const classifier = TextClassifier.load(await readArtifactJson(store, ref));
  try {
    return classifier.predictProba(texts);
  } finally {
    classifier.dispose();
  }
}

/** AUCs are undefined on a one-label holdout (and NaN would reach the gate as JSON null). */
function assertEvaluable(holdout: readonly Sample[]): void {
  const counts: [number, number] = [0, 0];
  for (const s of holdout) counts[s.label]++;
  if (counts[0] === 0 || counts[1] === 0) {
    throw new InsufficientDataError('holdout', holdout.length, counts, 'evaluation needs both labels in the holdout window; widen it or move it');
  }
}

async function putReport(store: ArtifactStore, runKey: string, report: Record<string, unknown>): Promise<ArtifactRef> {
  return store.put(evaluationArtifactKey(runKey, 'report.json'), `${JSON.stringify(report, null, 2)}\n`, { contentType: 'application/json' });
}

