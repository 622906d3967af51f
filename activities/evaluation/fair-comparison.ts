import type { Interval } from '../../lib/dataset';
import { countLabels, hasBothLabels } from '../../lib/ml';
import { holdoutSide, parseInterval } from '../../lib/training';

/**
 * Fewest holdout rows outside the champion's training window that still make a comparison:
 * below it one mail moves F1 by several points, more than the gate's regression margins.
 */
export const MIN_COMPARISON_ROWS = 50;

export type ComparisonBasis = 'full-holdout' | 'outside-champion-training' | 'skipped';

/** Which holdout rows the candidate and the champion are compared on, and why. */
export interface ComparisonPlan {
  readonly basis: ComparisonBasis;
  /** Rows the comparison uses (0 when skipped). */
  readonly rows: number;
  /** Holdout rows left out because the champion trained on them. */
  readonly excludedRows: number;
  readonly reason?: string;
  /** Indices into the holdout of the rows compared on; only for `outside-champion-training`. */
  readonly rowIndices?: readonly number[];
}

export interface ComparisonChampion {
  readonly version: number;
  /** Its training rows' interval; absent for callers that do not know it yet. */
  readonly trainedOn?: Interval;
}

/**
 * A champion must never be judged on mail it trained on (a backfill, or a re-run of an older
 * week, puts its training window over the candidate's holdout). Pure: event times in epoch ms
 * and labels of the holdout rows, in the same order.
 */
export function planComparison(
  eventTimes: readonly number[],
  labels: readonly (0 | 1)[],
  champion: ComparisonChampion | null | undefined,
  minRows = MIN_COMPARISON_ROWS,
): ComparisonPlan {
  const all = eventTimes.length;
  if (!champion) return { basis: 'full-holdout', rows: all, excludedRows: 0 };
  if (!champion.trainedOn) {
    return {
      basis: 'full-holdout',
      rows: all,
      excludedRows: 0,
      reason: `champion v${champion.version}'s training window is unknown (no trainedOn given); compared on the full holdout`,
    };
  }
  const trained = parseInterval(champion.trainedOn, 'champion.trainedOn');
  const outside = eventTimes.flatMap((t, i) => (holdoutSide(t, trained) === 'holdout' ? [] : [i]));
  const counts = countLabels(outside.map((i) => ({ label: labels[i] as 0 | 1 })));
  const excludedRows = all - outside.length;
  if (excludedRows === 0) return { basis: 'full-holdout', rows: all, excludedRows: 0 };
  const covers = `champion v${champion.version} trained on ${showInterval(champion.trainedOn)}, which covers ${excludedRows} of ${all} holdout rows`;
  if (outside.length < minRows) {
    return {
      basis: 'skipped',
      rows: 0,
      excludedRows,
      reason: `${covers}; the other ${outside.length} are fewer than ${minRows}, so the champion was not scored and no relative check can be made`,
    };
  }
  if (!hasBothLabels(counts)) {
    return {
      basis: 'skipped',
      rows: 0,
      excludedRows,
      reason: `${covers}; the other ${outside.length} all have label ${counts[0] === 0 ? 1 : 0}, so the champion was not scored and no relative check can be made`,
    };
  }
  return {
    basis: 'outside-champion-training',
    rows: outside.length,
    excludedRows,
    reason: `${covers}; compared on the other ${outside.length}`,
    rowIndices: outside,
  };
}

/** `2002-04-01..2002-09-16` for midnight bounds, full ISO times otherwise. */
function showInterval({ start, end }: Interval): string {
  const show = (iso: string) => {
    const t = new Date(Date.parse(iso)).toISOString();
    return t.endsWith('T00:00:00.000Z') ? t.slice(0, 10) : t;
  };
  return `${show(start)}..${show(end)}`;
}
