import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeekLabel, trainingWindow, weeklyDataInterval, weeklyLogicalDates } from '../../../common/time';

test('a Monday 03:00 run covers the whole previous ISO week', () => {
  assert.deepEqual(weeklyDataInterval(new Date('2026-11-23T03:00:00Z')), { start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' });
});

test('any time in a week maps to the same interval, so a late trigger is the same run', () => {
  assert.deepEqual(weeklyDataInterval(new Date('2026-11-29T23:59:59Z')), weeklyDataInterval(new Date('2026-11-23T00:00:00Z')));
});

test('ISO week labels follow ISO 8601 across year boundaries', () => {
  assert.equal(isoWeekLabel(new Date('2026-11-16T00:00:00Z')), '2026-W47');
  assert.equal(isoWeekLabel(new Date('2021-01-03T12:00:00Z')), '2020-W53');
  assert.equal(isoWeekLabel(new Date('2024-12-30T00:00:00Z')), '2025-W01');
});

test('the training window is the last N weeks ending with the data interval', () => {
  assert.deepEqual(trainingWindow({ start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' }, 4), {
    start: '2026-10-26T00:00:00.000Z',
    end: '2026-11-23T00:00:00.000Z',
  });
});

test('a backfill gets one logical date per week boundary in the range', () => {
  const dates = weeklyLogicalDates(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-31T00:00:00Z')).map((d) => d.toISOString().slice(0, 10));
  assert.deepEqual(dates, ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
});
