import { trainingWindow, WEEK_MS } from '../../common/time';
import type { Interval } from '../dataset';
import { InvalidHoldoutError } from './errors';

/**
 * The time-based holdout: the most recent `weeks` weeks of the training window, [end - weeks, end).
 * Never a random split: a model is judged on mail newer than anything it learned from, as it
 * will be in production. Pure; the same interval always gives the same window.
 */
export function holdoutWindow(interval: Interval, weeks: number): Interval {
  if (!Number.isInteger(weeks) || weeks < 1) {
    throw new InvalidHoldoutError(`holdout weeks must be a positive integer (got ${weeks})`);
  }
  const { start, end } = parseInterval(interval, 'interval');
  const holdoutStart = end - weeks * WEEK_MS;
  if (holdoutStart <= start) {
    const spanWeeks = (end - start) / WEEK_MS;
    throw new InvalidHoldoutError(
      `a ${weeks}-week holdout leaves nothing to train on in the ${spanWeeks}-week interval ` +
        `${interval.start} .. ${interval.end}; hold out fewer weeks or widen the training window`,
    );
  }
  // The holdout is the last `weeks` of the window, computed as the pipeline's DAG computes it.
  return trainingWindow(interval, weeks);
}

/** Parsed bounds of a half-open ISO interval, in epoch milliseconds. */
export interface IntervalMs {
  readonly start: number;
  readonly end: number;
}

/** Checks an interval given by a caller (for instance an activity's holdout) and returns it in milliseconds. */
export function parseInterval(interval: Interval, what: string): IntervalMs {
  const start = Date.parse(interval.start);
  const end = Date.parse(interval.end);
  if (Number.isNaN(start)) throw new InvalidHoldoutError(`${what}.start is not an ISO-8601 time (got ${JSON.stringify(interval.start)})`);
  if (Number.isNaN(end)) throw new InvalidHoldoutError(`${what}.end is not an ISO-8601 time (got ${JSON.stringify(interval.end)})`);
  if (end <= start) throw new InvalidHoldoutError(`${what} is empty: end ${interval.end} is not after start ${interval.start}`);
  return { start, end };
}

/**
 * Where a row falls relative to the holdout: `train` strictly before it, `holdout` inside it,
 * `after` at or past its end. Rows after the holdout are never trained on either: that would
 * let the model learn from mail newer than what it is judged on.
 */
export function holdoutSide(eventTimeMs: number, window: IntervalMs): 'train' | 'holdout' | 'after' {
  if (eventTimeMs < window.start) return 'train';
  return eventTimeMs < window.end ? 'holdout' : 'after';
}

/**
 * The interval a registered model's training rows came from: its dataset's interval up to the
 * start of its holdout, from the `holdoutWeeks` of its stored params. Without a usable
 * `holdoutWeeks` it is the whole interval: claiming too much keeps comparisons fair, too little would not.
 */
export function trainedOnWindow(datasetInterval: Interval, params: Readonly<Record<string, unknown>>): Interval {
  const weeks = params.holdoutWeeks;
  if (typeof weeks !== 'number') return { start: datasetInterval.start, end: datasetInterval.end };
  try {
    return { start: datasetInterval.start, end: holdoutWindow(datasetInterval, weeks).start };
  } catch (error) {
    if (error instanceof InvalidHoldoutError) return { start: datasetInterval.start, end: datasetInterval.end };
    throw error;
  }
}
