import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunView } from '../../../client/client-types';
import { InvalidRunFilterError } from '../../../client/errors';
import { listRuns } from '../../../console/views/run-list';
import type { ConsoleDeps } from '../../../console/views/types';
import type { DagRunResult, DagRunState } from '../../../common/dag';
import { outcomeCellOf } from '../../../console/views/outcome-cell';
import { buildRunDetail } from '../../../console/views/run-detail';
import type { ActivityRecord } from '../../../console/views/run-history';
import { buildGrid } from '../../../console/views/runs-grid';
import { artifactsOfOutput } from '../../../console/views/task-artifacts';

const identity = {
  dagId: 'weekly_retraining',
  workflowId: 'weekly_retraining/spam/2002-W40',
  runId: 'r1',
  logicalDate: '2002-10-07T03:00:00.000Z',
  logicalDateSource: 'input',
  runKind: 'manual',
  dagVersion: 1,
} as const;

const base = { workflowId: identity.workflowId, runId: 'r1', workflowType: 'weekly_retraining' };
const deps = { temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' };
const ref = (key: string) => ({ uri: `file:///data/${key}`, sha256: 'a'.repeat(64), sizeBytes: 10 });

function closed(tasks: DagRunResult['tasks'], extra: Partial<RunView> = {}): RunView {
  const result: DagRunResult = { ...identity, state: 'success', segments: 1, counts: {}, tasks };
  return {
    ...base,
    executionStatus: 'COMPLETED',
    status: 'success',
    closed: true,
    progress: 'done',
    logicalDate: identity.logicalDate,
    tasks: Object.entries(tasks).map(([taskId, t]) => ({ taskId, ...t })),
    result,
    ...extra,
  };
}

function running(state: Partial<DagRunState> & Pick<DagRunState, 'tasks'>, extra: Partial<RunView> = {}): RunView {
  const live: DagRunState = { ...identity, status: 'running', progress: '3/13 done · running: train_model', segment: 0, counts: {}, ...state };
  return {
    ...base,
    executionStatus: 'RUNNING',
    status: live.status,
    closed: false,
    progress: live.progress,
    logicalDate: identity.logicalDate,
    tasks: live.tasks,
    state: live,
    ...extra,
  };
}

test('the outcome cell says what a closed run achieved, in words', () => {
  const promoted = closed(
    { register_model: { state: 'success', output: { model: 'spam', version: 7 } }, promote_auto: { state: 'success' } },
    { outcome: 'promoted', outcomeReason: 'spam v7 is champion', registered: { model: 'spam', version: 7 } },
  );
  assert.deepEqual(outcomeCellOf(promoted), { kind: 'promoted', text: 'promoted spam v7' });
  const rejected = closed({}, { outcome: 'rejected', outcomeReason: 'approval rejected by ana: too many false positives' });
  assert.deepEqual(outcomeCellOf(rejected), { kind: 'rejected', text: 'rejected by ana: too many false positives' });
  const gate = closed({}, { outcome: 'gate_failed', outcomeReason: 'gate failed: f1 0.947 is below the minimum 0.950' });
  assert.deepEqual(outcomeCellOf(gate), { kind: 'gate_failed', text: 'gate failed: f1 0.947 is below the minimum 0.950' });
  const failed = closed(
    {},
    { executionStatus: 'FAILED', status: 'failed', outcome: 'failed', outcomeReason: 'the run failed', failure: 'task train_model failed: NonFiniteLoss' },
  );
  assert.deepEqual(outcomeCellOf(failed), { kind: 'failed', text: 'failed: task train_model failed: NonFiniteLoss' });
  assert.equal(outcomeCellOf(closed({}, { outcome: 'timed_out', outcomeReason: 'x' })).kind, 'timed_out');
});

test('an open run shows what it does or waits for, preferring the engine headline', () => {
  const waiting = running(
    { tasks: [] },
    { status: 'waiting_for_approval', awaitingApproval: { taskId: 'approve_promotion', deadline: '2002-10-09T03:00:00.000Z', model: 'spam', version: 7 } },
  );
  assert.deepEqual(outcomeCellOf(waiting), { kind: 'waiting_for_approval', text: 'waiting for approval of spam v7 until 2002-10-09T03:00:00.000Z' });
  const withHeadline = running({ tasks: [], headline: 'waiting for approval of spam v7 until 2002-10-09T03:00Z' }, { status: 'waiting_for_approval' });
  assert.equal(outcomeCellOf(withHeadline).text, 'waiting for approval of spam v7 until 2002-10-09T03:00Z');
  assert.deepEqual(outcomeCellOf(running({ tasks: [] })), { kind: 'running', text: '3/13 done · running: train_model' });
});

test('the grid has the DAG tasks in order as columns and each run its states', () => {
  const a = closed({ extract_events: { state: 'success' }, train_model: { state: 'failed', error: 'boom' } }, { outcome: 'failed', outcomeReason: 'x' });
  const b = running({ tasks: [{ taskId: 'extract_events', kind: 'activity', state: 'running', tries: 1 }] });
  const smoke: RunView = { ...closed({ fan_out: { state: 'success' } }), workflowId: 'smoke/1', workflowType: 'not_in_catalog', result: undefined };
  const grid = buildGrid([a, b, smoke]);
  assert.equal(grid.taskIds[0], 'extract_events');
  assert.ok(grid.taskIds.indexOf('train_model') < grid.taskIds.indexOf('record_outcome'));
  assert.equal(grid.taskIds[grid.taskIds.length - 1], 'fan_out');
  assert.deepEqual(grid.runs[0]!.states, { extract_events: 'success', train_model: 'failed' });
  assert.deepEqual(grid.runs[1]!.states, { extract_events: 'running' });
  assert.equal(grid.runs[1]!.outcome.kind, 'running');
});

test("a task's artifacts are found in its output with labels a person reads", () => {
  const href = (uri: string) => `/a?u=${uri}`;
  const extract = { manifest: { dataUri: 'file:///data/events.jsonl', rowCount: 3 }, manifestRef: ref('manifest.json'), reused: false };
  assert.deepEqual(
    artifactsOfOutput('extract_events', extract, href).map((l) => l.label),
    ['dataset rows', 'dataset manifest'],
  );
  const validate = { passed: true, reportUri: 'file:///data/report.json', markdownUri: 'file:///data/report.md', stats: { drift: null } };
  assert.deepEqual(
    artifactsOfOutput('validate_dataset', validate, href).map((l) => [l.label, l.href]),
    [
      ['validation report', '/a?u=file:///data/report.json'],
      ['validation report (markdown)', '/a?u=file:///data/report.md'],
    ],
  );
  const evaluate = { report: ref('evaluation.json'), reportUri: ref('evaluation.json').uri, plots: { rocCurve: ref('roc.svg'), prCurve: ref('pr.svg') } };
  assert.deepEqual(
    artifactsOfOutput('evaluate_model', evaluate, href).map((l) => l.label),
    ['evaluation report', 'ROC curve', 'PR curve'],
  );
  assert.deepEqual(artifactsOfOutput('gate_model', { passed: true, note: 'http://example.com/x' }, href), []);
});

test('the run page takes tries, times, outputs and progress from history where the state lacks them', () => {
  const t0 = Date.parse('2002-10-07T03:00:00Z');
  const view = running({
    tasks: [
      { taskId: 'extract_events', kind: 'activity', state: 'success', tries: 1, startedAt: t0, endedAt: t0 + 5_000, output: { omittedBytes: 4000 } },
      { taskId: 'train_model', kind: 'activity', state: 'running', tries: 2, startedAt: t0 + 6_000 },
      {
        taskId: 'evaluate_model',
        kind: 'activity',
        state: 'paused_on_failure',
        tries: 1,
        startedAt: t0 + 1000,
        endedAt: t0 + 2000,
        error: 'disk full',
        paused: { actions: ['retryTask', 'skipTask', 'failRun'], deadline: t0 + 86_400_000 },
      },
    ],
  });
  const history = new Map<string, ActivityRecord[]>([
    ['extract_events', [{ activityId: 'extract_events', state: 'completed', result: { manifestRef: ref('manifest.json') } }]],
    ['train_model', [{ activityId: 'train_model#2', state: 'scheduled', input: { config: { epochs: 10 } } }]],
  ]);
  const heartbeats = new Map([['train_model', { activityId: 'train_model#2', attempt: 1, details: { phase: 'training', epoch: 3, loss: 0.21 } }]]);
  const detail = buildRunDetail(deps, view, history, heartbeats, t0 + 16_000);
  const task = (id: string) => detail.tasks.find((t) => t.id === id)!;
  assert.equal(detail.spec?.id, 'weekly_retraining');
  assert.equal(task('extract_events').durationMs, 5_000);
  assert.equal(task('extract_events').startedAt, '2002-10-07T03:00:00.000Z');
  assert.deepEqual(
    task('extract_events').artifacts.map((a) => a.label),
    ['dataset manifest'],
  );
  assert.deepEqual(task('train_model').progress, { epoch: 3, epochs: 10, loss: 0.21 });
  assert.equal(task('train_model').durationMs, 10_000);
  assert.equal(task('train_model').tries, 2);
  assert.deepEqual(task('evaluate_model').actions, ['retry', 'skip']);
  assert.equal(task('evaluate_model').pausedUntil, '2002-10-08T03:00:00.000Z');
  assert.equal(task('evaluate_model').error, 'disk full');
  assert.deepEqual(task('train_model').actions, []);
  assert.equal(task('gate_model').state, 'none');
  assert.deepEqual(detail.runActions, ['fail-run']);
  assert.equal(detail.states.train_model, 'running');
  assert.equal(detail.temporalUiUrl, 'http://127.0.0.1:8233/namespaces/default/workflows/weekly_retraining%2Fspam%2F2002-W40/r1/history');
});

test('a closed run offers no actions and reads its times and tries from history', () => {
  const t0 = Date.parse('2002-10-07T03:00:00Z');
  const view = closed({ train_model: { state: 'success', output: { omittedBytes: 3000 } } }, { outcome: 'succeeded', outcomeReason: 'ok' });
  const history = new Map<string, ActivityRecord[]>([
    [
      'train_model',
      [
        { activityId: 'train_model', state: 'failed', scheduledAt: t0, startedAt: t0 + 10, endedAt: t0 + 1_000, failure: 'worker lost' },
        {
          activityId: 'train_model#2',
          state: 'completed',
          scheduledAt: t0 + 2_000,
          startedAt: t0 + 2_010,
          endedAt: t0 + 9_000,
          attempt: 3,
          result: { epochs: 10, lossHistory: [0.5, 0.2], model: ref('model.json'), lossCurve: ref('loss.svg') },
        },
      ],
    ],
  ]);
  const detail = buildRunDetail(deps, view, history, new Map(), t0 + 60_000);
  const train = detail.tasks.find((t) => t.id === 'train_model')!;
  assert.equal(train.tries, 2);
  assert.equal(train.attempts, 3);
  assert.equal(train.durationMs, 9_000 - 10);
  assert.deepEqual(train.progress, { epoch: 10, epochs: 10, loss: 0.2 });
  assert.deepEqual(
    train.artifacts.map((a) => a.label),
    ['model', 'loss curve'],
  );
  assert.deepEqual(detail.runActions, []);
  assert.ok(detail.tasks.every((t) => t.actions.length === 0));
});

test('a bad runs filter is refused naming the field and value, before Temporal is asked', async () => {
  const untouchable = new Proxy(
    {},
    {
      get: () => assert.fail('Temporal must not be called for a bad filter'),
    },
  );
  const deps = { client: { temporal: untouchable }, temporalUiUrl: 'ui', namespace: 'default' } as unknown as ConsoleDeps;
  await assert.rejects(listRuns(deps, { outcome: 'great' }), (err: unknown) => {
    assert.ok(err instanceof InvalidRunFilterError);
    assert.match(err.message, /^invalid listRuns filter: filter\.outcome: expected one of "promoted"\|.* \(got "great"\)$/);
    return true;
  });
  await assert.rejects(
    listRuns(deps, { from: 'last week' }),
    /filter\.from: expected a date \(YYYY-MM-DD\) or an ISO-8601 instant with offset \(got "last week"\)/,
  );
});
