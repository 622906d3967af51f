/**
 * Data intervals for weekly runs, as Airflow defines them: a run covers a complete interval that
 * has ended. A run whose logical date falls anywhere in ISO week W covers week W-1, from Monday
 * 00:00 UTC to the next Monday 00:00 UTC (half-open). Pure and workflow-safe.
 */
export interface DataInterval {
  /** ISO-8601 UTC, inclusive. */
  start: string;
  /** ISO-8601 UTC, exclusive. */
  end: string;
}

const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the ISO week containing `date`. */
export function startOfIsoWeek(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(midnight - weekday * DAY_MS);
}

/** The complete week before the one containing `logicalDate`. */
export function weeklyDataInterval(logicalDate: Date): DataInterval {
  const end = startOfIsoWeek(logicalDate);
  return { start: new Date(end.getTime() - WEEK_MS).toISOString(), end: end.toISOString() };
}

/** `2026-W47`: the ISO week-numbering year and week of `date`. */
export function isoWeekLabel(date: Date): string {
  const thursday = new Date(startOfIsoWeek(date).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayWeek = startOfIsoWeek(new Date(Date.UTC(year, 0, 4)));
  const week = Math.round((startOfIsoWeek(thursday).getTime() - firstThursdayWeek.getTime()) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Start of the training window that ends with `interval`: the last `weeks` weeks. */
export function trainingWindow(interval: DataInterval, weeks: number): DataInterval {
  const end = new Date(interval.end);
  return { start: new Date(end.getTime() - weeks * WEEK_MS).toISOString(), end: end.toISOString() };
}

/** One logical date per weekly interval whose end falls in (from, to]: what a backfill runs. */
export function weeklyLogicalDates(from: Date, to: Date): Date[] {
  const dates: Date[] = [];
  for (let monday = startOfIsoWeek(from); monday.getTime() <= to.getTime(); monday = new Date(monday.getTime() + WEEK_MS)) {
    if (monday.getTime() > from.getTime() || monday.getTime() === from.getTime()) dates.push(monday);
  }
  return dates;
}
