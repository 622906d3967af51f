import { CronExpressionParser } from 'cron-parser';
import { InvalidScheduleError } from './errors';

/** Throws InvalidScheduleError unless `zone` is an IANA time zone this runtime knows. */
export function checkTimeZone(scheduleId: string, zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new InvalidScheduleError(scheduleId, 'timeZone', zone, 'expected an IANA time zone such as "UTC" or "Europe/Berlin"');
  }
}

/**
 * Checks a five-field cron expression (minute hour day-of-month month day-of-week) with
 * cron-parser, quoting what is wrong, before anything reaches the Temporal server.
 */
export function checkCron(scheduleId: string, cron: string, zone: string): void {
  checkTimeZone(scheduleId, zone);
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new InvalidScheduleError(scheduleId, 'cron', cron, `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`);
  }
  try {
    CronExpressionParser.parse(cron, { tz: zone });
  } catch (err) {
    throw new InvalidScheduleError(scheduleId, 'cron', cron, (err as Error).message);
  }
}

/** Days walked before a day-of-month and day-of-week pair that never meet is reported. */
const MAX_PREVIEW_DAYS = 28 * 366;

/**
 * The next `count` fire times of a checked expression, in its zone, as ISO instants, as the
 * Temporal server computes them: a time matches when ALL fields match. Classic cron (and
 * cron-parser) fires when day-of-month OR day-of-week matches if both are restricted; Temporal's
 * calendar spec does not implement that special case, so `0 3 13 * 5` is Friday the 13th only.
 */
export function previewCron(scheduleId: string, cron: string, zone: string, count = 5, from = new Date()): string[] {
  checkCron(scheduleId, cron, zone);
  const fields = cron.trim().split(/\s+/);
  const weekdays = new Set<number | string>(CronExpressionParser.parse(cron, { tz: zone }).fields.dayOfWeek.values.map((d) => (d === 7 ? 0 : d)));
  // Walk the expression without its day-of-week (so cron-parser's OR cannot apply), keeping the
  // times whose weekday in the zone is one the expression allows.
  const walk = CronExpressionParser.parse([...fields.slice(0, 4), '*'].join(' '), { tz: zone, currentDate: from });
  const times: string[] = [];
  const limit = from.getTime() + MAX_PREVIEW_DAYS * 86_400_000;
  while (times.length < count) {
    const next = walk.next();
    if (next.getTime() > limit) {
      throw new InvalidScheduleError(
        scheduleId,
        'cron',
        cron,
        `day-of-month and day-of-week never match together within ${MAX_PREVIEW_DAYS / 366} years (Temporal requires both to match)`,
      );
    }
    if (weekdays.has(next.getDay())) times.push(next.toDate().toISOString());
  }
  return times;
}
