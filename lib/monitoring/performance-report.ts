import type { Pool } from '../db';
import { precision, recall, type ConfusionMatrix } from '../ml/metrics';
import { predictionStats, type PredictionStats } from '../serving/prediction-stats';

/** How one version answered over the report's window (shadow scores left out: nobody saw them). */
export interface VersionPerformance {
  readonly version: number;
  readonly role: 'champion' | 'challenger';
  readonly stats: PredictionStats;
  /** Answers against the moderators' feedback labels, at the version's threshold. */
  readonly confusion: ConfusionMatrix;
  readonly precision: number;
  readonly recall: number;
}

export interface PerformanceReport {
  readonly model: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly predictions: number;
  readonly labelled: number;
  readonly versions: readonly VersionPerformance[];
}

interface ConfusionRow {
  version: number;
  role: 'champion' | 'challenger';
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Reads a model's week (or any window) from the prediction log: every version that answered, with
 * volume, errors, latency percentiles, score histogram, and precision and recall against feedback.
 */
export async function readPerformance(pool: Pool, model: string, window: { start: string; end: string }): Promise<PerformanceReport> {
  const { rows } = await pool.query<ConfusionRow>(
    `SELECT l.version, l.role, max(l.threshold) AS threshold,
            count(*) FILTER (WHERE l.label = 1 AND f.label = 1)::int AS tp,
            count(*) FILTER (WHERE l.label = 1 AND f.label = 0)::int AS fp,
            count(*) FILTER (WHERE l.label = 0 AND f.label = 0)::int AS tn,
            count(*) FILTER (WHERE l.label = 0 AND f.label = 1)::int AS fn
       FROM prediction_log l LEFT JOIN prediction_feedback f ON f.prediction_id = l.prediction_id
      WHERE l.model = $1 AND NOT l.shadow AND l.created_at >= $2 AND l.created_at < $3
      GROUP BY l.version, l.role ORDER BY l.version, l.role`,
    [model, window.start, window.end],
  );
  const versions: VersionPerformance[] = [];
  for (const r of rows) {
    const stats = await predictionStats(pool, { model, version: r.version, role: r.role, shadow: false, since: window.start, until: window.end });
    const confusion: ConfusionMatrix = { threshold: r.threshold, tp: r.tp, fp: r.fp, tn: r.tn, fn: r.fn };
    versions.push({ version: r.version, role: r.role, stats, confusion, precision: precision(confusion), recall: recall(confusion) });
  }
  return {
    model,
    window,
    predictions: versions.reduce((n, v) => n + v.stats.count, 0),
    labelled: versions.reduce((n, v) => n + v.stats.labelled, 0),
    versions,
  };
}
