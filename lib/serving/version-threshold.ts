import type { ModelVersion } from '../registry';

/** The threshold a version is served at when its registry row records none. */
export const DEFAULT_THRESHOLD = 0.5;

const asThreshold = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined);

/**
 * The one place that says at which score a version predicts label 1 (a score >= threshold is 1,
 * as in lib/ml/metrics): `metrics.threshold` when the registry row stores one, else the
 * threshold its holdout metrics were measured at (`metrics.candidate.confusion.threshold`, what
 * evaluate_model records), else DEFAULT_THRESHOLD.
 */
export function versionThreshold(version: Pick<ModelVersion, 'metrics'>): number {
  const metrics = version.metrics;
  const candidate = metrics.candidate as { confusion?: { threshold?: unknown } } | undefined;
  return asThreshold(metrics.threshold) ?? asThreshold(candidate?.confusion?.threshold) ?? DEFAULT_THRESHOLD;
}
