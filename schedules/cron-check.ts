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

/** The next `count` fire times of a checked expression, in its zone, as ISO instants. */
export function previewCron(scheduleId: string, cron: string, zone: string, count = 5, from = new Date()): string[] {
  checkCron(scheduleId, cron, zone);
  const expression = CronExpressionParser.parse(cron, { tz: zone, currentDate: from });
  return Array.from({ length: count }, () => expression.next().toDate().toISOString());
}
