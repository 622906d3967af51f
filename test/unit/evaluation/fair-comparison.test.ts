import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MIN_COMPARISON_ROWS, planComparison } from '../../../activities/evaluation/fair-comparison';
import { trainedOnWindow } from '../../../lib/training';

const DAY = 86_400_000;
const t0 = Date.parse('2002-09-16T00:00:00Z');
/** `n` holdout rows, one an hour from 2002-09-16, labels alternating. */
const holdout = (n: number) => ({
  times: Array.from({ length: n }, (_, i) => t0 + i * 3_600_000),
  labels: Array.from({ length: n }, (_, i) => (i % 2) as 0 | 1),
});

describe('planComparison', () => {
  test('uses the full holdout when there is no champion', () => {
    const { times, labels } = holdout(10);
    assert.deepEqual(planComparison(times, labels, null), { basis: 'full-holdout', rows: 10, excludedRows: 0 });
  });

  test('uses the full holdout when the champion trained before it', () => {
    const { times, labels } = holdout(100);
    const plan = planComparison(times, labels, { version: 3, trainedOn: { start: '2002-04-01T00:00:00Z', end: '2002-09-16T00:00:00Z' } });
    assert.deepEqual(plan, { basis: 'full-holdout', rows: 100, excludedRows: 0 });
  });

  test('compares on the rows outside the champion training window, and says so', () => {
    const { times, labels } = holdout(200);
    // Trained up to two days into the holdout: rows 0..47 are its training mail.
    const plan = planComparison(times, labels, { version: 3, trainedOn: { start: '2002-04-01T00:00:00Z', end: new Date(t0 + 2 * DAY).toISOString() } });
    assert.equal(plan.basis, 'outside-champion-training');
    assert.equal(plan.excludedRows, 48);
    assert.equal(plan.rows, 152);
    assert.deepEqual(plan.rowIndices?.slice(0, 2), [48, 49]);
    assert.equal(plan.reason, 'champion v3 trained on 2002-04-01..2002-09-18, which covers 48 of 200 holdout rows; compared on the other 152');
  });

  test(`skips the champion when fewer than ${MIN_COMPARISON_ROWS} rows are left`, () => {
    const { times, labels } = holdout(60);
    const plan = planComparison(times, labels, { version: 2, trainedOn: { start: '2002-04-01T00:00:00Z', end: new Date(t0 + DAY).toISOString() } });
    assert.equal(plan.basis, 'skipped');
    assert.equal(plan.rows, 0);
    assert.equal(plan.excludedRows, 24);
    assert.match(plan.reason ?? '', /covers 24 of 60 holdout rows; the other 36 are fewer than 50, so the champion was not scored/);
    assert.equal(plan.rowIndices, undefined);
  });

  test('skips the champion when the rows left hold one label', () => {
    const times = Array.from({ length: 120 }, (_, i) => t0 + i * 3_600_000);
    const labels = times.map((_, i) => (i < 60 ? ((i % 2) as 0 | 1) : 0));
    const plan = planComparison(times, labels, { version: 2, trainedOn: { start: '2002-04-01T00:00:00Z', end: new Date(t0 + 60 * 3_600_000).toISOString() } });
    assert.equal(plan.basis, 'skipped');
    assert.match(plan.reason ?? '', /the other 60 all have label 0/);
  });

  test('skips when the champion trained on the whole holdout (the backfill case)', () => {
    const { times, labels } = holdout(727);
    const plan = planComparison(times, labels, { version: 5, trainedOn: { start: '2002-04-01T00:00:00Z', end: '2002-11-01T00:00:00Z' } });
    assert.equal(plan.basis, 'skipped');
    assert.equal(plan.excludedRows, 727);
  });

  test('falls back to the full holdout, with a reason, when trainedOn is unknown', () => {
    const { times, labels } = holdout(10);
    const plan = planComparison(times, labels, { version: 1 });
    assert.equal(plan.basis, 'full-holdout');
    assert.match(plan.reason ?? '', /training window is unknown/);
  });
});

describe('trainedOnWindow', () => {
  const interval = { start: '2002-04-01T00:00:00.000Z', end: '2002-09-30T00:00:00.000Z' };
  test('ends where the champion holdout started', () => {
    assert.deepEqual(trainedOnWindow(interval, { holdoutWeeks: 2 }), { start: interval.start, end: '2002-09-16T00:00:00.000Z' });
  });
  test('is the whole interval when params lack holdoutWeeks or it is unusable', () => {
    assert.deepEqual(trainedOnWindow(interval, {}), interval);
    assert.deepEqual(trainedOnWindow(interval, { holdoutWeeks: 0 }), interval);
    assert.deepEqual(trainedOnWindow(interval, { holdoutWeeks: '2' }), interval);
  });
});
