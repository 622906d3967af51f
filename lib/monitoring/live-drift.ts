import { psi } from '../dataset';
import type { PredictionStats } from '../serving/prediction-stats';

/** Limits of drift_monitor's live check on the champion's prediction log. */
export interface LiveDriftThresholds {
  /** Fewer predictions in the window than this give no verdict. */
  readonly minPredictions: number;
  /** Largest PSI of the window's score histogram against the previous window's. */
  readonly livePsiThreshold: number;
  /** Feedback labels needed before agreement counts. */
  readonly minLabelled: number;
  /** Lowest agreement of the champion's labels with feedback. */
  readonly minAgreement: number;
}

export interface LiveDriftVerdict {
  /** null when there was no previous window to compare with. */
  readonly scorePsi: number | null;
  /** null when too few predictions were labelled. */
  readonly agreement: number | null;
  readonly degraded: boolean;
  /** Why it degraded, or what was measured (and what could not be). */
  readonly reasons: readonly string[];
}

const scored = (s: PredictionStats) => s.scoreHistogram.reduce((a, b) => a + b, 0);

/**
 * The champion's live health: the PSI of its score distribution in the window against the window
 * before (a shifted input stream moves scores before labels arrive), and its agreement with the
 * moderators' feedback. Pure.
 */
export function liveDriftVerdict(current: PredictionStats, previous: PredictionStats, t: LiveDriftThresholds): LiveDriftVerdict {
  if (current.count < t.minPredictions) {
    return {
      scorePsi: null,
      agreement: null,
      degraded: false,
      reasons: [`${current.count} predictions, fewer than minPredictions ${t.minPredictions}: no verdict`],
    };
  }
  const reasons: string[] = [];
  let degraded = false;
  let scorePsi: number | null = null;
  if (scored(previous) >= t.minPredictions) {
    scorePsi = psi(previous.scoreHistogram, current.scoreHistogram);
    const above = scorePsi > t.livePsiThreshold;
    degraded ||= above;
    reasons.push(
      `score PSI ${scorePsi.toFixed(4)} against the previous window's ${scored(previous)} scores (${above ? 'above' : 'within'} livePsiThreshold ${t.livePsiThreshold})`,
    );
  } else {
    reasons.push(`the previous window has ${scored(previous)} scores, fewer than minPredictions ${t.minPredictions}: no score PSI`);
  }
  let agreement: number | null = null;
  if (current.labelled >= t.minLabelled && current.agreement !== null) {
    agreement = current.agreement;
    const below = agreement < t.minAgreement;
    degraded ||= below;
    reasons.push(
      `agreement ${agreement.toFixed(3)} with ${current.labelled} feedback labels (${below ? 'below' : 'at or above'} minAgreement ${t.minAgreement})`,
    );
  } else {
    reasons.push(`${current.labelled} feedback labels, fewer than minLabelled ${t.minLabelled}: no agreement`);
  }
  return { scorePsi, agreement, degraded, reasons };
}
