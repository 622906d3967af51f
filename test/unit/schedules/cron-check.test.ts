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
  assert.throws(() => checkCron('weekly', '0 3 * * 1', 'Mars/Olympus'), (err: unknown) => err instanceof InvalidScheduleError && err.message === 'schedule "weekly": timeZone "Mars/Olympus" is invalid: expected an IANA time zone such as "UTC" or "Europe/Berlin"');
});
