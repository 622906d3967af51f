import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCron, InvalidScheduleError, previewCron } from '../../../schedules';

test('previews the next five fire times of a weekly cron in its own zone', () => {
  const times = previewCron('weekly', '0 3 * * 1', 'Europe/Berlin', 5, new Date('2026-11-26T00:00:00Z'));
  assert.deepEqual(times, [
    '2026-11-30T02:00:00.000Z',
    '2026-12-07T02:00:00.000Z',
    '2026-12-14T02:00:00.000Z',
    '2026-12-21T02:00:00.000Z',
    '2026-12-28T02:00:00.000Z',
  ]);
});

test('rejects a bad cron expression quoting it and saying what is wrong', () => {
  assert.throws(() => checkCron('weekly', '0 3 * * 8', 'UTC'), {
    message: 'schedule "weekly": cron "0 3 * * 8" is invalid: Constraint error, got value 8 expected range 0-7',
  });
  assert.throws(() => checkCron('weekly', '0 3 * *', 'UTC'), {
    message: 'schedule "weekly": cron "0 3 * *" is invalid: expected 5 fields (minute hour day-of-month month day-of-week), got 4',
  });
});

test('rejects an unknown time zone quoting it', () => {
  assert.throws(
    () => checkCron('weekly', '0 3 * * 1', 'Mars/Olympus'),
    (err: unknown) =>
      err instanceof InvalidScheduleError &&
      err.message === 'schedule "weekly": timeZone "Mars/Olympus" is invalid: expected an IANA time zone such as "UTC" or "Europe/Berlin"',
  );
});

// Temporal's calendar spec matches when all fields match; classic cron (and cron-parser) ORs a
// restricted day-of-month with a restricted day-of-week. The preview must follow the server.
test('previews a day-of-month plus day-of-week cron as Temporal runs it: both must match', () => {
  const times = previewCron('friday-13th', '0 3 13 * 5', 'UTC', 3, new Date('2026-01-01T00:00:00Z'));
  // Fridays the 13th after 2026-01-01: February, March and November 2026.
  assert.deepEqual(times, ['2026-02-13T03:00:00.000Z', '2026-03-13T03:00:00.000Z', '2026-11-13T03:00:00.000Z']);
});

test("reads the weekday of a day-of-week cron in the schedule's zone, and 7 as Sunday", () => {
  // 1 January 2027 is a Friday; 23:30 on the 1st in New York is already the 2nd in UTC.
  assert.deepEqual(previewCron('ny', '30 23 1 * 5', 'America/New_York', 1, new Date('2026-12-01T00:00:00Z')), ['2027-01-02T04:30:00.000Z']);
  assert.deepEqual(
    previewCron('sun', '0 0 1 * 7', 'UTC', 1, new Date('2026-01-01T00:00:00Z')),
    previewCron('sun', '0 0 1 * 0', 'UTC', 1, new Date('2026-01-01T00:00:00Z')),
  );
});
