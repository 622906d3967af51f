import { liveDriftVerdict, type LiveDriftVerdict } from '../../lib/monitoring';
import { ModelRegistry } from '../../lib/registry';
import { predictionStats } from '../../lib/serving/prediction-stats';
import { DRIFT_FAILURE_TYPES } from '../../workflows/drift/drift-failure-types';
import { parseInput } from '../data/data-inputs';
import type { ActivityDeps } from '../deps';
import { MeasureLiveDriftInputSchema, type MeasureLiveDriftInput } from './drift-inputs';

const DAY_MS = 86_400_000;

export interface MeasureLiveDriftResult extends LiveDriftVerdict {
  modelName: string;
  /** The champion whose answers were measured; null when the model has none. */
  champion: number | null;
  window: { start: string; end: string };
  previousWindow: { start: string; end: string };
  predictions: number;
  labelled: number;
  /** One line: what degraded, or what was measured. */
  reason: string;
}

/**
 * measure_live_drift: the champion's answers in the prediction log over the lookback window, against
 * its answers in the window before (score PSI) and against moderators' feedback (agreement).
 * Read-only, so a retry repeats it exactly.
 */
export function createMeasureLiveDrift({ pool, logger }: ActivityDeps) {
  const registry = new ModelRegistry(pool);
  return async function measureLiveDrift(input: MeasureLiveDriftInput): Promise<MeasureLiveDriftResult> {
    const v = parseInput(MeasureLiveDriftInputSchema, input, 'measureLiveDrift', DRIFT_FAILURE_TYPES.invalidInput);
    const end = new Date(v.logicalDate).getTime();
    const span = v.lookbackDays * DAY_MS;
    const iso = (t: number) => new Date(t).toISOString();
    const window = { start: iso(end - span), end: iso(end) };
    const previousWindow = { start: iso(end - 2 * span), end: window.start };
    const base = { modelName: v.modelName, window, previousWindow };
    const champion = await registry.getChampion(v.modelName);
    if (!champion) {
      const reason = `model "${v.modelName}" has no champion: no live predictions to measure`;
      return { ...base, champion: null, predictions: 0, labelled: 0, scorePsi: null, agreement: null, degraded: false, reasons: [reason], reason };
    }
    const of = (w: { start: string; end: string }) =>
      predictionStats(pool, { model: v.modelName, version: champion.version, role: 'champion', shadow: false, since: w.start, until: w.end });
    const [current, previous] = await Promise.all([of(window), of(previousWindow)]);
    const verdict = liveDriftVerdict(current, previous, v);
    const reason = `live: champion v${champion.version} ${verdict.degraded ? 'degraded' : 'healthy'} over ${current.count} predictions (${verdict.reasons.join('; ')})`;
    logger.info({ modelName: v.modelName, modelVersion: champion.version, degraded: verdict.degraded, predictions: current.count }, 'live drift measured');
    return { ...base, champion: champion.version, predictions: current.count, labelled: current.labelled, ...verdict, reason };
  };
}
