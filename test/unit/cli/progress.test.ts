import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeLines, formatElapsed, redraw, renderRun, taskBar } from '../../../cli/progress';
import { view } from './cli-harness';

test('a task bar fills by state, by items for mapped tasks, and moves while running', () => {
  assert.equal(taskBar({ taskId: 't', state: 'success' }, 0), '[##########]');
  assert.equal(taskBar({ taskId: 't', state: 'failed' }, 0), '[xxxxxxxxxx]');
  assert.equal(taskBar({ taskId: 't', state: 'skipped' }, 0), '[..........]');
  assert.equal(taskBar({ taskId: 't', state: 'none' }, 0), '[          ]');
  assert.equal(taskBar({ taskId: 't', state: 'running', mapped: { total: 4, done: 1 } }, 0), '[###-------]');
  assert.equal(taskBar({ taskId: 't', state: 'running' }, 0), '[###-------]');
  assert.equal(taskBar({ taskId: 't', state: 'running' }, 500), '[--###-----]');
});

test('elapsed times read as seconds, then minutes', () => {
  assert.equal(formatElapsed(3_240), '3.2s');
  assert.equal(formatElapsed(245_000), '4m05s');
});

test('the terminal picture has a header and one aligned line per task with bar, state, time and detail', () => {
  const lines = renderRun(
    view(
      'running',
      {},
      {
        progress: '1/3 done · running: train_model',
        tasks: [
          { taskId: 'extract_events', state: 'success', startedAt: 0, endedAt: 3_200 },
          { taskId: 'train_model', state: 'up_for_retry', startedAt: 3_200, attempts: 2, error: 'GPU lost' },
          { taskId: 'approve_promotion', state: 'none' },
        ],
      },
    ),
    8_200,
  );
  assert.deepEqual(lines, [
    'weekly_retraining/spam/2002-W39 · running · 1/3 done · running: train_model',
    '✓ extract_events    [##########] success              3.2s',
    '↻ train_model       [###-------] up_for_retry         5.0s  attempt 2 · GPU lost',
    '  approve_promotion [          ] none',
  ]);
});

test('redrawing moves the cursor up over the last picture and clears each line', () => {
  assert.equal(redraw(0, ['a', 'b']), '\x1b[2Ka\n\x1b[2Kb\n');
  assert.equal(redraw(2, ['a', 'b']), '\x1b[2F\x1b[2Ka\n\x1b[2Kb\n');
  assert.equal(redraw(3, ['a']), '\x1b[3F\x1b[2Ka\n\x1b[J');
});

test('piped output has one line per task state change and one when the run ends', () => {
  const first = view('running', { extract_events: 'running', train_model: 'none' });
  assert.deepEqual(changeLines(undefined, first, 0), ['+0.0s extract_events running']);
  const second = view('running', { extract_events: 'success', train_model: 'running' });
  assert.deepEqual(changeLines(first, second, 1_500), ['+1.5s extract_events success', '+1.5s train_model running']);
  assert.deepEqual(changeLines(second, second, 2_000), []);
  const failed = view('failed', { extract_events: 'success', train_model: 'failed' }, { failure: 'DAG run failed: failed tasks: train_model (boom)\nmore' });
  assert.deepEqual(changeLines(second, failed, 3_000), [
    '+3.0s train_model failed',
    '+3.0s run failed · 1/2 done · DAG run failed: failed tasks: train_model (boom)',
  ]);
});

test('a waiting approval says which command decides it', () => {
  const waiting = view('running', {}, { tasks: [{ taskId: 'approve_promotion', kind: 'approval', state: 'running', startedAt: 0 }] });
  assert.equal(
    renderRun(waiting, 1_000)[1],
    '▶ approve_promotion [----###---] running              1.0s  waiting: factory approve|reject weekly_retraining/spam/2002-W39 --by <name>',
  );
  assert.deepEqual(changeLines(undefined, waiting, 0), [
    '+0.0s approve_promotion running (waiting: factory approve|reject weekly_retraining/spam/2002-W39 --by <name>)',
  ]);
});
