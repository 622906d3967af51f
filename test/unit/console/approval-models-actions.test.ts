import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FactoryClient } from '../../../client/factory-client';
import { RunActionRefusedError } from '../../../client/errors';
import { act } from '../../../console/views/actions';
import { buildApprovalDetail, driftOf } from '../../../console/views/approval-detail';
import { buildModelDetail } from '../../../console/views/models';
import type { ConsoleDeps } from '../../../console/views/types';
import type { ModelVersion } from '../../../lib/registry/registry-types';

const ref = (key: string) => ({ uri: `file:///data/${key}`, sha256: 'a'.repeat(64), sizeBytes: 10 });
const metrics = (f1: number) => ({ f1, precision: f1 + 0.01, recall: f1 - 0.01, rocAuc: 0.99, prAuc: 0.98, accuracy: 0.97 });

function version(v: number, extra: Partial<ModelVersion> = {}): ModelVersion {
  return {
    model: 'spam',
    version: v,
    status: 'registered',
    registrationKey: `k${v}`,
    artifacts: {
      model: ref('m.json'),
      baseline: ref('b.json'),
      checkpoint: null,
      reports: { rocCurve: ref('roc.svg'), evaluation: ref('e.json'), confusionCandidate: ref('c.svg') },
    },
    metrics: { candidate: metrics(0.95), champion: metrics(0.94), baseline: metrics(0.9) },
    params: {},
    dataset: {
      manifest: { rowCount: 1200, labelCounts: { '0': 900, '1': 300 }, interval: { start: '2002-04-01', end: '2002-09-30' }, sha256: 'b'.repeat(64) },
      sha256: 'b'.repeat(64),
    },
    codeVersion: 'weekly_retraining@v1',
    lineage: { workflowId: `weekly_retraining/spam/2002-W${v}`, runId: `r${v}`, dagId: 'weekly_retraining', taskId: 'register_model', logicalDate: null },
    gate: {
      passed: true,
      reasons: ['all 5 checks passed'],
      checks: [{ name: 'minimum', metric: 'f1', value: 0.95, limit: 0.9, passed: true }],
    } as ModelVersion['gate'],
    createdAt: '2002-10-07T03:10:00.000Z',
    statusChangedAt: '2002-10-07T03:10:00.000Z',
    ...extra,
  };
}

test('the approval page puts the candidate against the champion with gate checks, plots, dataset and drift', () => {
  const history = new Map([
    ['extract_events', [{ activityId: 'extract_events', state: 'completed' as const, result: { manifestRef: ref('manifest.json') } }]],
    [
      'validate_dataset',
      [
        {
          activityId: 'validate_dataset',
          state: 'completed' as const,
          input: { thresholds: { psiLabel: { warn: 0.1, fail: 0.5 }, psiTextLength: { warn: 0.1, fail: 0.5 }, psiTokens: { warn: 0.1, fail: 0.5 } } },
          result: { passed: true, reportUri: 'file:///data/report.json', stats: { drift: { psiLabel: 0.01, psiTextLength: 0.2, psiTokens: 0.6 } } },
        },
      ],
    ],
  ]);
  const detail = buildApprovalDetail(
    {},
    {
      workflowId: 'weekly_retraining/spam/2002-W40',
      temporalUiUrl: 'ui',
      awaiting: { taskId: 'approve_promotion', prompt: 'Promote spam v7 to champion?', model: 'spam', version: 7, deadline: '2002-10-09T03:00:00.000Z' },
      version: version(7),
      champion: version(6, { status: 'champion' }),
      history,
    },
  );
  assert.equal(detail.prompt, 'Promote spam v7 to champion?');
  assert.deepEqual(detail.awaiting, { model: 'spam', version: 7, deadline: '2002-10-09T03:00:00.000Z' });
  assert.equal(detail.championVersion, 6);
  assert.deepEqual(detail.metrics[0], { name: 'f1', candidate: 0.95, champion: 0.94, baseline: 0.9 });
  assert.deepEqual(detail.gate?.checks, [{ name: 'f1 (minimum)', passed: true, value: 0.95, threshold: 0.9, text: 'f1 0.950 ≥ 0.900 (minimum)' }]);
  assert.deepEqual(
    detail.plots.map((p) => p.label),
    ['ROC curve', 'confusion matrix (candidate)'],
  );
  assert.equal(detail.plots[0]!.href, '/artifacts?uri=file%3A%2F%2F%2Fdata%2Froc.svg&run=weekly_retraining%2Fspam%2F2002-W40');
  assert.deepEqual(detail.dataset?.labelCounts, { '0': 900, '1': 300 });
  assert.equal(detail.dataset?.rows, 1200);
  assert.equal(detail.dataset?.manifest?.label, 'dataset manifest');
  assert.deepEqual(
    detail.drift?.checks.map((c) => [c.name, c.level]),
    [
      ['label-ratio PSI', 'ok'],
      ['text-length PSI', 'warn'],
      ['token PSI', 'fail'],
    ],
  );
});

test('a first model has no drift to measure, and says so', () => {
  const drift = driftOf({ passed: true, stats: { drift: null } }, undefined, (u) => u);
  assert.deepEqual(drift?.checks, [{ name: 'drift', text: 'no previous snapshot to compare with (first model)' }]);
});

test('the model page lists versions newest first with lineage and who moved the aliases and why', () => {
  const detail = buildModelDetail(
    {
      temporalUiUrl: 'http://ui',
      namespace: 'default',
      registry: { rollback: async () => ({ model: 'spam', alias: 'champion', from: 2, to: 1, changed: true }) } as unknown as ConsoleDeps['registry'],
    },
    'spam',
    { description: 'spam filter', champion: 2, challenger: null },
    [version(1, { status: 'archived' }), version(2, { status: 'champion' })],
    [
      {
        id: 1,
        model: 'spam',
        alias: 'champion',
        fromVersion: null,
        toVersion: 1,
        actor: 'policy:auto',
        reason: 'gate passed',
        workflowId: 'w1',
        at: '2002-10-01T00:00:00Z',
      },
      { id: 2, model: 'spam', alias: 'champion', fromVersion: 1, toVersion: 2, actor: 'ana', reason: 'approved', workflowId: 'w2', at: '2002-10-08T00:00:00Z' },
    ],
    [
      {
        id: 1,
        model: 'spam',
        version: 2,
        fromStatus: 'challenger',
        toStatus: 'champion',
        actor: 'ana',
        reason: 'approved',
        workflowId: 'w2',
        at: '2002-10-08T00:00:00Z',
      },
    ],
  );
  assert.deepEqual(
    detail.versions.map((v) => [v.version, v.aliases]),
    [
      [2, ['champion']],
      [1, []],
    ],
  );
  assert.deepEqual(detail.versions[0]!.metrics, { f1: 0.95, precision: 0.96, recall: 0.94, rocAuc: 0.99 });
  assert.equal(detail.versions[0]!.run.temporalUiUrl, 'http://ui/namespaces/default/workflows/weekly_retraining%2Fspam%2F2002-W2/r2/history');
  assert.deepEqual(detail.aliasHistory[0], { at: '2002-10-08T00:00:00Z', change: 'champion: v1 → v2', actor: 'ana', reason: 'approved', workflowId: 'w2' });
  assert.equal(detail.statusHistory[0]!.change, 'v2: challenger → champion');
  assert.equal(detail.canRollback, true);
});

/** A client whose every call records itself: the tests check what reached it. */
function recordingDeps(refuse = false): { deps: ConsoleDeps; calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push(`${name} ${JSON.stringify(args)}`);
      if (refuse) throw new RunActionRefusedError('w', name, 'task "train_model" is not waiting for a decision (state: running)');
      return name === 'approvePromotion' ? { decision: 'approve', by: 'ana', timedOut: false } : { taskId: 'train_model', state: 'running', tries: 2 };
    };
  const client = {
    approvePromotion: record('approvePromotion'),
    rejectPromotion: record('rejectPromotion'),
    retryTask: record('retryTask'),
    skipTask: record('skipTask'),
    failRun: record('failRun'),
  };
  return { deps: { client: client as unknown as FactoryClient, registry: {} as ConsoleDeps['registry'] } as ConsoleDeps, calls };
}

const ana = { name: 'ana', via: 'console' } as const;

test('approving sends who and the version reviewed; without a version nothing is sent', async () => {
  const { deps, calls } = recordingDeps();
  const ok = await act(deps, { kind: 'approve', workflowId: 'w', version: 7, model: 'spam', reason: 'looks good' }, ana);
  assert.deepEqual(ok, { ok: true, message: 'approved v7 by ana' });
  assert.deepEqual(calls, ['approvePromotion [{"workflowId":"w","by":"ana","reason":"looks good","version":7,"model":"spam"}]']);
  const refused = await act(deps, { kind: 'approve', workflowId: 'w' }, ana);
  assert.equal(refused.ok, false);
  assert.match(refused.message, /action\.version/);
  assert.equal(calls.length, 1);
});

test('an action without a name, or a rollback without a reason, changes nothing', async () => {
  const { deps, calls } = recordingDeps();
  const nameless = await act(deps, { kind: 'fail-run', workflowId: 'w' }, { name: '  ', via: 'console' });
  assert.deepEqual(nameless, { ok: false, message: 'actor.name: who acts: a name such as "ana" (got "  ")' });
  const reasonless = await act(deps, { kind: 'rollback', model: 'spam', reason: '' }, ana);
  assert.equal(reasonless.ok, false);
  assert.match(reasonless.message, /action\.reason: why the champion is rolled back/);
  assert.deepEqual(calls, []);
});

test("the engine's refusal comes back as the message, and a read-only registry cannot roll back", async () => {
  const { deps } = recordingDeps(true);
  const refused = await act(deps, { kind: 'retry', workflowId: 'w', taskId: 'train_model' }, ana);
  assert.equal(refused.ok, false);
  assert.match(refused.message, /is not waiting for a decision \(state: running\)/);
  const rollback = await act(deps, { kind: 'rollback', model: 'spam', reason: 'regression in prod' }, ana);
  assert.deepEqual(rollback, { ok: false, message: 'this console reads the registry only: rollback is not available' });
});
