import type { ArtifactRef } from '../../lib/artifacts';
import { sha256Hex } from '../../lib/artifacts/hashing';
import { readPerformance, scoreHistogramSvg } from '../../lib/monitoring';
import { isoWeekLabel, weeklyDataInterval } from '../../common/time';
import { DRIFT_FAILURE_TYPES } from '../../workflows/drift/drift-failure-types';
import { parseInput } from '../data/data-inputs';
import type { ActivityDeps } from '../deps';
import { WritePerformanceReportInputSchema, type WritePerformanceReportInput } from './drift-inputs';

export interface PerformanceReportResult {
  modelName: string;
  week: string;
  window: { start: string; end: string };
  predictions: number;
  labelled: number;
  /** Per version that answered: precision and recall against feedback, p50/p99 latency. */
  versions: { version: number; role: string; predictions: number; precision: number; recall: number; p50Ms: number; p99Ms: number }[];
  report: ArtifactRef;
  scores: ArtifactRef;
}

/**
 * write_performance_report: the model's complete previous ISO week from the prediction log and
 * feedback (volume, errors, latency, precision and recall per version, score histograms), as a
 * JSON report and an SVG picture under `monitoring/<model>/<ISO week>/<content hash>/`: a retry
 * writes the same bytes to the same keys (a no-op), and a rerun after late feedback writes a new
 * version beside the old one instead of conflicting with it.
 */
export function createWritePerformanceReport({ pool, store, logger }: ActivityDeps) {
  return async function writePerformanceReport(input: WritePerformanceReportInput): Promise<PerformanceReportResult> {
    const { modelName, logicalDate } = parseInput(WritePerformanceReportInputSchema, input, 'writePerformanceReport', DRIFT_FAILURE_TYPES.invalidInput);
    const interval = weeklyDataInterval(new Date(logicalDate));
    const window = { start: interval.start, end: interval.end };
    const week = isoWeekLabel(new Date(window.start));
    const report = await readPerformance(pool, modelName, window);
    const json = `${JSON.stringify({ week, ...report }, null, 2)}\n`;
    const prefix = `monitoring/${modelName}/${week}/${sha256Hex(json).slice(0, 16)}`;
    const reportRef = await store.put(`${prefix}/performance.json`, json, { contentType: 'application/json' });
    const scores = await store.put(`${prefix}/scores.svg`, scoreHistogramSvg(report), { contentType: 'image/svg+xml' });
    logger.info({ modelName, artifactUri: reportRef.uri, predictions: report.predictions }, 'performance report written');
    return {
      modelName,
      week,
      window,
      predictions: report.predictions,
      labelled: report.labelled,
      versions: report.versions.map((v) => ({
        version: v.version,
        role: v.role,
        predictions: v.stats.count,
        precision: v.precision,
        recall: v.recall,
        p50Ms: v.stats.p50Ms,
        p99Ms: v.stats.p99Ms,
      })),
      report: reportRef,
      scores,
    };
  };
}
