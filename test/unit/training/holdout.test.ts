import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { holdoutSide, holdoutWindow, InvalidHoldoutError, parseInterval } from '../../../lib/training';

const fourWeeks = { start: '2026-02-02T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };

describe('holdoutWindow', () => {
  test('holds out the most recent week of the training window', () => {
    assert.deepEqual(holdoutWindow(fourWeeks, 1), { start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' });
  });

  test('holds out the most recent N weeks, ending where the interval ends', () => {
    assert.deepEqual(holdoutWindow(fourWeeks, 3), { start: '2026-02-09T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' });
  });

  test('gives the same window for the same interval every time (no randomness)', () => {
    assert.deepEqual(holdoutWindow(fourWeeks, 2), holdoutWindow({ ...fourWeeks }, 2));
  });

  test('normalises offsets in the interval to UTC', () => {
    const window = holdoutWindow({ start: '2026-02-02T01:00:00+01:00', end: '2026-03-02T01:00:00+01:00' }, 1);
    assert.deepEqual(window, { start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' });
  });

  test('refuses a holdout that leaves no week to train on', () => {
    assert.throws(
      () => holdoutWindow(fourWeeks, 4),
      (e: unknown) => e instanceof InvalidHoldoutError && /a 4-week holdout leaves nothing to train on in the 4-week interval/.test(e.message),
    );
  });

  test('refuses a holdout of zero, negative or fractional weeks, quoting the value', () => {
    for (const weeks of [0, -1, 1.5]) {
      assert.throws(() => holdoutWindow(fourWeeks, weeks), new RegExp(`holdout weeks must be a positive integer \\(got ${weeks}\\)`));
    }
  });

  test('names the bad bound of an interval that is not ISO-8601', () => {
    assert.throws(() => holdoutWindow({ start: 'last monday', end: fourWeeks.end }, 1), /interval\.start is not an ISO-8601 time \(got "last monday"\)/);
  });

  test('refuses an empty interval', () => {
    assert.throws(() => parseInterval({ start: fourWeeks.end, end: fourWeeks.end }, 'holdout'), /holdout is empty/);
  });
});

describe('holdoutSide', () => {
  const window = parseInterval({ start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' }, 'holdout');
  const side = (iso: string) => holdoutSide(Date.parse(iso), window);

  test('puts rows before the window in training and rows inside it in the holdout', () => {
    assert.equal(side('2026-02-22T23:59:59.999Z'), 'train');
    assert.equal(side('2026-02-23T00:00:00.000Z'), 'holdout');
    assert.equal(side('2026-03-01T23:59:59.999Z'), 'holdout');
  });

  test('keeps rows at or after the window end out of both parts (the window is half-open)', () => {
    assert.equal(side('2026-03-02T00:00:00.000Z'), 'after');
  });
});
