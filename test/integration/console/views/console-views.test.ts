import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { WorkflowNotFoundError } from '@temporalio/common';
import { createFactoryClient, type FactoryClient } from '../../../../client';
import { act, approvalDetail, artifactForDisplay, listRuns, modelDetail, runDetail, runsGrid, submitTrigger, triggerForm } from '../../../../console/views';
import type { ConsoleDeps, RunDetail } from '../../../../console/views';
import { LocalArtifactStore } from '../../../../lib/artifacts';
import { ModelRegistry } from '../../../../lib/registry';
import { LOGICAL_DATE } from '../../client/pipeline-stack';
import { startRealStack, type RealStack } from '../../../support/real-stack';

const ana = { name: 'ana', via: 'console' } as const;
const MODEL = 'console';
const WORKFLOW_ID = `weekly_retraining/${MODEL}/2002-W39`;

/** The trigger form as a person leaves it: the shown defaults, with a few fields changed. */
function filledForm(changes: Record<string, string>): Record<string, string> {
  const shown = triggerForm('weekly_retraining')
    .fields.filter((f) => f.default !== undefined)
    .map((f) => [f.name, f.default!]);
  return { ...Object.fromEntries(shown), ...changes };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the console views on a real stack', () => {
  let stack: RealStack;
  let client: FactoryClient;
  let deps: ConsoleDeps;

  before(async () => {
    stack = await startRealStack();
    client = await createFactoryClient({ client: stack.env.client, pool: stack.pg.pool });
    deps = { client, registry: new ModelRegistry(stack.pg.pool), artifacts: stack.store, temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' };
  });

  after(async () => {
    await client?.close();
    await stack?.stop();
  });

  test('a run started from the trigger form is listed, gridded, detailed, approved and shows its outcome and new champion', async () => {
    // A bad param: a field error naming field, value and expectation, and nothing starts.
    const bad = await submitTrigger(deps, 'weekly_retraining', filledForm({ 'params.modelName': MODEL, 'params.epochs': '0', logicalDate: LOGICAL_DATE }), ana);
    assert.deepEqual(bad, { ok: false, errors: [{ field: 'params.epochs', value: '0', message: 'Too small: expected number to be >=1 (got 0)' }] });
    await assert.rejects(client.temporal.workflow.getHandle(WORKFLOW_ID).describe(), WorkflowNotFoundError);

    const form = filledForm({
      'params.modelName': MODEL,
      'params.epochs': '2',
      'params.approval': 'manual',
      'params.approvalTimeout': '30m',
      'params.gate.minimum.f1': '0.5',
      'params.gate.minimum.rocAuc': '0.5',
      logicalDate: LOGICAL_DATE,
    });
    const started = await submitTrigger(deps, 'weekly_retraining', form, ana);
    assert.ok(started.ok, JSON.stringify(started));
    assert.equal(started.workflowId, WORKFLOW_ID);
    assert.equal(started.alreadyRunning, false);
    assert.match(started.link, /^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/weekly_retraining%2Fconsole%2F2002-W39\//);
    const description = await client.temporal.workflow.getHandle(WORKFLOW_ID).describe();
    assert.match((await description.staticDetails()) ?? '', /Started \(manual\) by ana via the console/);

    // The same week again: one run per model and week, so the existing run comes back.
    const again = await submitTrigger(deps, 'weekly_retraining', form, ana);
    assert.deepEqual(again, { ...started, alreadyRunning: true });

    const waiting = await until<RunDetail>(
      'the run to wait for approval',
      () => runDetail(deps, WORKFLOW_ID),
      (d) => d.approval !== undefined || d.closed,
    );
    assert.equal(waiting.closed, false, `the run closed before approval: ${waiting.meta.outcome.text}`);
    assert.equal(waiting.spec?.id, 'weekly_retraining');
    assert.deepEqual(waiting.approval && { ...waiting.approval, deadline: typeof waiting.approval.deadline }, {
      taskId: 'approve_promotion',
      prompt: `Promote ${MODEL} v1 to champion?`,
      model: MODEL,
      awaitingVersion: 1,
      deadline: 'string',
    });
    assert.equal(waiting.states.train_model, 'success');
    assert.equal(waiting.states.approve_promotion, 'running');
    assert.deepEqual(waiting.runActions, ['fail-run']);
    const train = waiting.tasks.find((t) => t.id === 'train_model')!;
    assert.deepEqual([train.tries, train.progress?.epoch, train.progress?.epochs], [1, 2, 2]);
    assert.ok(train.durationMs !== undefined && train.durationMs > 0, JSON.stringify(train));
    assert.ok(
      train.artifacts.some((a) => a.label === 'model'),
      JSON.stringify(train.artifacts),
    );
    const extract = waiting.tasks.find((t) => t.id === 'extract_events')!;
    const manifest = extract.artifacts.find((a) => a.label === 'dataset manifest');
    assert.ok(manifest, JSON.stringify(extract.artifacts));
    assert.ok(
      waiting.tasks.find((t) => t.id === 'validate_dataset')!.artifacts.some((a) => a.label === 'validation report'),
      'the validation report is linked',
    );

    // Visibility is eventually consistent: the row appears, with what the run waits for.
    const rows = await until(
      'the run in the list',
      () => listRuns(deps, { model: MODEL }),
      (r) => r.length === 1,
    );
    assert.deepEqual(
      { ...rows[0]!, startedAt: typeof rows[0]!.startedAt },
      {
        workflowId: WORKFLOW_ID,
        runId: started.runId,
        dagId: 'weekly_retraining',
        model: MODEL,
        logicalDate: '2002-09-30T03:00:00.000Z',
        runKind: 'manual',
        status: 'RUNNING',
        outcome: rows[0]!.outcome,
        startedAt: 'string',
        temporalUiUrl: waiting.temporalUiUrl,
      },
    );
    assert.equal(rows[0]!.outcome.kind, 'waiting_for_approval');
    assert.match(rows[0]!.outcome.text, /approval.*v1/);
    // Filtered on what it waits for (the run's Outcome search attribute), and not on an outcome it has not reached.
    const waitingRows = await until(
      'the run under its Outcome',
      () => listRuns(deps, { model: MODEL, outcome: 'waiting_for_approval' }),
      (r) => r.length === 1,
    );
    assert.equal(waitingRows[0]!.workflowId, WORKFLOW_ID);
    assert.deepEqual(await listRuns(deps, { model: MODEL, outcome: 'promoted' }), []);
    const grid = await runsGrid(deps, { model: MODEL });
    assert.equal(grid.taskIds[0], 'extract_events');
    assert.ok(grid.taskIds.includes('approve_promotion'));
    assert.deepEqual([grid.runs[0]!.states.train_model, grid.runs[0]!.states.approve_promotion], ['success', 'running']);

    const approval = await approvalDetail(deps, WORKFLOW_ID);
    assert.ok(approval);
    assert.equal(approval.prompt, `Promote ${MODEL} v1 to champion?`);
    assert.equal(approval.awaiting.version, 1);
    assert.equal(approval.championVersion, undefined);
    assert.ok(approval.metrics.find((m) => m.name === 'f1')?.candidate !== undefined, JSON.stringify(approval.metrics));
    assert.ok(approval.gate?.passed && approval.gate.checks.length > 0, JSON.stringify(approval.gate));
    assert.ok(approval.dataset?.rows && approval.dataset.rows > 0 && approval.dataset.sha256?.length === 64, JSON.stringify(approval.dataset));
    assert.deepEqual(approval.drift?.checks, [{ name: 'drift', text: 'no previous snapshot to compare with (first model)' }]);
    const roc = approval.plots.find((p) => p.label === 'ROC curve');
    assert.ok(roc, JSON.stringify(approval.plots));
    const picture = await artifactForDisplay(deps, roc.uri);
    assert.equal(picture?.contentType, 'image/svg+xml');
    assert.match(picture!.body.toString('utf8', 0, 200), /<svg/);
    assert.equal((await artifactForDisplay(deps, manifest.uri))?.contentType, 'application/json; charset=utf-8');
    // After a restart (no link remembered), the run named in the link vouches for its own outputs.
    const restarted = { ...deps, artifacts: new LocalArtifactStore(fileURLToPath(stack.store.location)) };
    const report = waiting.tasks.find((t) => t.id === 'validate_dataset')!.artifacts.find((a) => a.label === 'validation report')!;
    assert.match(report.href, /&run=weekly_retraining%2Fconsole%2F2002-W39$/);
    assert.equal(await artifactForDisplay(restarted, report.uri), null);
    assert.equal((await artifactForDisplay(restarted, report.uri, { workflowId: WORKFLOW_ID }))?.contentType, 'application/json; charset=utf-8');
    assert.equal(await artifactForDisplay(restarted, report.uri, { workflowId: 'weekly_retraining/other/2002-W39' }), null);
    // Only artifacts a page linked or the registry references; a URI typed by hand is nothing.
    assert.equal(await artifactForDisplay(deps, stack.store.uriFor('models/elsewhere/model.json')), null);
    assert.equal(await artifactForDisplay(deps, 'file:///etc/passwd'), null);

    // The run refuses a decision for another version, with its own words; nothing changes.
    const wrong = await act(deps, { kind: 'approve', workflowId: WORKFLOW_ID, version: 2, model: MODEL, reason: 'reviewed' }, ana);
    assert.equal(wrong.ok, false);
    assert.match(wrong.message, /version 2 of model console is not awaiting approval \(awaiting: 1\)/);
    const approved = await act(deps, { kind: 'approve', workflowId: WORKFLOW_ID, version: 1, model: MODEL, reason: 'metrics look right' }, ana);
    assert.deepEqual(approved, { ok: true, message: 'approved v1 by ana' });

    await client.waitForRun(WORKFLOW_ID, { timeoutMs: 300_000 });
    const promoted = await until(
      'the promoted run in the list',
      () => listRuns(deps, { model: MODEL, outcome: 'promoted' }),
      (r) => r.length === 1,
    );
    assert.equal(promoted[0]!.outcome.kind, 'promoted');
    assert.match(promoted[0]!.outcome.text, /^promoted console v1/);
    assert.deepEqual(await listRuns(deps, { model: MODEL, outcome: 'gate_failed' }), []);

    const done = await runDetail(deps, WORKFLOW_ID);
    assert.deepEqual(done.runActions, []);
    const trained = done.tasks.find((t) => t.id === 'train_model')!;
    assert.ok(trained.startedAt && trained.endedAt && trained.tries === 1, JSON.stringify(trained));
    assert.equal(done.tasks.find((t) => t.id === 'approve_promotion')!.decision?.by, 'ana');

    const model = await modelDetail(deps, MODEL);
    assert.equal(model.champion, 1);
    assert.deepEqual(model.versions[0]!.aliases, ['champion']);
    assert.equal(model.versions[0]!.run.workflowId, WORKFLOW_ID);
    const move = model.aliasHistory.find((h) => h.change === 'champion: none → v1');
    assert.equal(move?.actor, 'ana');
    assert.equal(move?.reason, 'metrics look right');
    assert.equal(model.canRollback, false);

    // A backfill of an earlier week, auto-approved, becomes champion; rolling it back names who and why.
    const backfill = await submitTrigger(
      deps,
      'weekly_retraining',
      filledForm({
        'params.modelName': MODEL,
        'params.epochs': '2',
        'params.gate.minimum.f1': '0.5',
        'params.gate.minimum.rocAuc': '0.5',
        'params.gate.maxRegression.f1': '1',
        'params.gate.maxRegression.precision': '1',
        'params.gate.maxRegression.rocAuc': '1',
        logicalDate: '2002-09-23T03:00:00Z',
        runKind: 'backfill',
      }),
      ana,
    );
    assert.ok(backfill.ok && backfill.workflowId === `weekly_retraining/${MODEL}/2002-W38`, JSON.stringify(backfill));
    const second = await client.waitForRun(backfill.workflowId, { timeoutMs: 300_000 });
    assert.equal(second.outcome, 'promoted', second.outcomeReason);
    const before = await modelDetail(deps, MODEL);
    assert.deepEqual([before.champion, before.canRollback], [2, true]);
    const rolledBack = await act(deps, { kind: 'rollback', model: MODEL, reason: 'v2 misfiles newsletters', from: 2 }, ana);
    assert.deepEqual(rolledBack, { ok: true, message: `${MODEL} champion: v2 → v1; rolled back by ana` });
    // A second click of the same button (same `from`) is a no-op, not a second rollback.
    assert.deepEqual(await act(deps, { kind: 'rollback', model: MODEL, reason: 'v2 misfiles newsletters', from: 2 }, ana), {
      ok: true,
      message: `${MODEL} champion stays v1: already rolled back`,
    });
    const after = await modelDetail(deps, MODEL);
    assert.equal(after.champion, 1);
    assert.deepEqual(after.aliasHistory[0], {
      at: after.aliasHistory[0]!.at,
      change: 'champion: v2 → v1',
      actor: 'ana',
      reason: 'v2 misfiles newsletters',
    });
    const [backfillRow] = await until(
      'the backfill in its date range',
      () => listRuns(deps, { model: MODEL, from: '2002-09-20', to: '2002-09-24' }),
      (r) => r.length === 1,
    );
    assert.deepEqual([backfillRow?.workflowId, backfillRow?.runKind], [backfill.workflowId, 'backfill']);
  });
});
