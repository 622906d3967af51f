import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ApprovalRejectedByValidatorError,
  artifactUris,
  createFactoryClient,
  InvalidRetrainingParamsError,
  RegistryNotConfiguredError,
  RunNotFoundError,
  RunParamsDifferError,
  UnknownModelVersionError,
  type FactoryClient,
  type ListRunsFilter,
  type RunView,
  type StartedRun,
  type WeeklyRetrainingParamsInput,
} from '../../../client';
import { LENIENT_GATE, LOGICAL_DATE, startPipelineStack, type PipelineStack } from './pipeline-stack';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

/** Starts a retraining from a separate process, as another service would, with only TEMPORAL_ADDRESS. */
async function startFromService(address: string, model: string, params: object): Promise<StartedRun> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'service-start.ts'), model, LOGICAL_DATE, JSON.stringify(params)], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as StartedRun;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the typed client, used by another service', () => {
  let stack: PipelineStack;
  let factory: FactoryClient;

  before(async () => {
    stack = await startPipelineStack();
    factory = await createFactoryClient({ client: stack.env.client, pool: stack.pg.pool });
  });

  after(async () => {
    await factory?.close();
    await stack?.stop();
  });

  test('starts a retraining from another process; a second trigger attaches and reports differing params; approval promotes', async () => {
    const params = { approval: 'manual', approvalTimeout: '10m', gate: LENIENT_GATE } satisfies WeeklyRetrainingParamsInput;
    const started = await startFromService(stack.address, 'svc', params);
    assert.deepEqual(started, { workflowId: 'weekly_retraining/svc/2002-W39', runId: started.runId, alreadyRunning: false, executionStatus: 'RUNNING' });

    // The duplicate trigger (a Schedule fire, the drift monitor, a retrying caller) for the same week.
    const again = await factory.startRetraining({ modelName: 'svc', epochs: 3, logicalDate: '2002-10-02T12:00:00Z', ...params });
    assert.deepEqual(again, { ...started, alreadyRunning: true });
    // The same week asked with other params attaches too, and says what differs (after defaults).
    const differing = await factory.startRetraining({ modelName: 'svc', epochs: 4, logicalDate: LOGICAL_DATE, ...params, approvalTimeout: '1h' });
    assert.deepEqual(differing, {
      ...started,
      alreadyRunning: true,
      paramsDiffer: [
        { path: 'params.approvalTimeout', requested: '1h', existing: '10m' },
        { path: 'params.epochs', requested: 4, existing: 3 },
      ],
    });
    await assert.rejects(
      factory.startRetraining({ modelName: 'svc', epochs: 4, logicalDate: LOGICAL_DATE, ...params, onParamsDiffer: 'error' }),
      (err: unknown) => {
        assert.ok(err instanceof RunParamsDifferError);
        assert.deepEqual(
          [err.workflowId, err.runId, err.differences],
          [started.workflowId, started.runId, [{ path: 'params.epochs', requested: 4, existing: 3 }]],
        );
        assert.equal(
          err.message,
          'run "weekly_retraining/svc/2002-W39" already exists with other params (params.epochs: requested 4, the run has 3). ' +
            'Nothing was started: wait for it, cancel it, or pass onParamsDiffer: "warn" to attach anyway',
        );
        return true;
      },
    );

    const waiting = await until(
      'the approval task',
      () => factory.getRun(started.workflowId),
      (v) => v.status === 'waiting_for_approval' || v.closed,
    );
    assert.equal(waiting.status, 'waiting_for_approval', JSON.stringify(waiting.tasks));
    assert.equal(waiting.tasks.find((t) => t.taskId === 'train_model')?.state, 'success');
    const approvalTask = waiting.tasks.find((t) => t.taskId === 'approve_promotion');
    assert.deepEqual(waiting.awaitingApproval, {
      taskId: 'approve_promotion',
      prompt: 'Promote svc v1 to champion?',
      // approvalTimeout 10m from when the task began waiting (workflow time).
      deadline: new Date(approvalTask!.startedAt! + 10 * 60_000).toISOString(),
      model: 'svc',
      version: 1,
    });
    assert.deepEqual(waiting.registered, { model: 'svc', version: 1 });
    const open = await until(
      'visibility of the open run',
      () => factory.listRuns({ dagId: 'weekly_retraining', model: 'svc', status: 'running' }),
      (r) => r.length > 0,
    );
    assert.deepEqual(
      open.map((r) => [r.workflowId, r.runId, r.dagId, r.model, r.logicalDate, r.runKind, r.executionStatus]),
      [[started.workflowId, started.runId, 'weekly_retraining', 'svc', '2002-09-30T03:00:00.000Z', 'manual', 'RUNNING']],
    );

    await assert.rejects(factory.approvePromotion({ workflowId: started.workflowId, by: ' ' }), (err: unknown) => {
      assert.ok(err instanceof ApprovalRejectedByValidatorError);
      assert.equal(
        err.message,
        'run "weekly_retraining/svc/2002-W39" refused to approve task "approve_promotion": by must name who decides in 1 to 200 characters (got " ")',
      );
      return true;
    });
    await assert.rejects(factory.approvePromotion({ workflowId: started.workflowId, by: 'ops@example.com', version: 7 }), (err: unknown) => {
      assert.ok(err instanceof ApprovalRejectedByValidatorError);
      assert.match(err.message, /version 7 of model svc is not awaiting approval \(awaiting: 1\)$/);
      return true;
    });
    const outcome = await factory.approvePromotion({ workflowId: started.workflowId, by: 'ops@example.com', reason: 'reviewed the plots', version: 1 });
    assert.deepEqual(outcome, { decision: 'approve', by: 'ops@example.com', reason: 'reviewed the plots', timedOut: false });

    const done = await factory.waitForRun(started.workflowId, { timeoutMs: 300_000 });
    assert.equal(done.status, 'success', done.failure);
    assert.equal(done.closed, true);
    assert.deepEqual([done.outcome, done.outcomeReason, done.registered], ['promoted', 'svc v1 is champion', { model: 'svc', version: 1 }]);
    assert.equal(done.tasks.find((t) => t.taskId === 'promote_approved')?.state, 'success');

    // Only one execution ever had the week's id.
    const executions = await until(
      'visibility',
      async () => {
        const found: string[] = [];
        for await (const e of stack.env.client.workflow.list({ query: `WorkflowId = "${started.workflowId}"` })) found.push(e.runId);
        return found;
      },
      (ids) => ids.length > 0,
    );
    assert.deepEqual(executions, [started.runId]);

    // A completed week is not run again either.
    const { paramsDiffer, ...afterwards } = await factory.startRetraining({ modelName: 'svc', logicalDate: LOGICAL_DATE });
    assert.deepEqual(afterwards, { ...started, alreadyRunning: true, executionStatus: 'COMPLETED' });
    // Defaults this time: the week's run had a manual approval, 3 epochs and a lenient gate.
    assert.deepEqual(
      paramsDiffer?.filter((d) => d.path === 'params.approval' || d.path === 'params.epochs'),
      [
        { path: 'params.approval', requested: 'auto', existing: 'manual' },
        { path: 'params.epochs', requested: 10, existing: 3 },
      ],
    );
    await assert.rejects(factory.rejectPromotion({ workflowId: started.workflowId, by: 'ops' }), /the run has ended \(COMPLETED\)/);

    const models = await factory.listModels();
    assert.equal(models.find((m) => m.name === 'svc')?.champion, 1);
  });

  test('a gate-failed, a rejected and a dataset-invalid retraining all complete, each with its own outcome, and listRuns filters on it', async () => {
    const runs = {
      rejected: await factory.startRetraining({ modelName: 'rej', epochs: 3, logicalDate: LOGICAL_DATE, approval: 'manual', gate: LENIENT_GATE }),
      gateFailed: await factory.startRetraining({
        modelName: 'gatefail',
        epochs: 3,
        logicalDate: LOGICAL_DATE,
        shuffleLabels: true,
        gate: { minimum: { f1: 0.9, rocAuc: 0.95 } },
      }),
      invalid: await factory.startRetraining({ modelName: 'strict', logicalDate: LOGICAL_DATE, validation: { minorityShare: { warn: 0.5, fail: 0.45 } } }),
    };
    await until(
      'the approval of rej',
      () => factory.getRun(runs.rejected.workflowId),
      (v) => v.status === 'waiting_for_approval' || v.closed,
    );
    await factory.rejectPromotion({ workflowId: runs.rejected.workflowId, by: 'ops', reason: 'not this week', version: 1 });
    const views: Record<string, RunView> = {};
    for (const [name, run] of Object.entries(runs)) views[name] = await factory.waitForRun(run.workflowId, { timeoutMs: 300_000 });
    const summary = (v: RunView) => [v.status, v.outcome, v.outcomeReason, v.registered];
    assert.deepEqual(summary(views.rejected!), ['success', 'rejected', 'approval rejected by ops: not this week', { model: 'rej', version: 1 }]);
    assert.deepEqual(summary(views.gateFailed!).slice(0, 2), ['success', 'gate_failed']);
    assert.match(String(views.gateFailed!.outcomeReason), /^gate failed: /);
    assert.deepEqual(views.gateFailed!.registered, { model: 'gatefail', version: 1 });
    assert.deepEqual(summary(views.invalid!).slice(0, 2), ['success', 'dataset_invalid']);
    assert.match(String(views.invalid!.outcomeReason), /^dataset validation failed: minority label share is 0\.\d+, below the fail level 0\.45/);

    const ids = (filter: ListRunsFilter) => factory.listRuns(filter).then((list) => list.map((r) => `${r.workflowId} ${r.outcome}`).sort());
    const closed = (list: string[]) => list.length >= 3;
    assert.deepEqual(
      await until('visibility of the closed runs', () => ids({ dagId: 'weekly_retraining', outcome: ['rejected', 'gate_failed', 'dataset_invalid'] }), closed),
      [`${runs.gateFailed.workflowId} gate_failed`, `${runs.rejected.workflowId} rejected`, `${runs.invalid.workflowId} dataset_invalid`],
    );
    assert.deepEqual(await ids({ model: 'rej', outcome: 'rejected' }), [`${runs.rejected.workflowId} rejected`]);
    assert.deepEqual(await ids({ model: 'rej', outcome: 'promoted' }), []);
    assert.deepEqual(await ids({ outcome: 'gate_failed', limit: 5 }), [`${runs.gateFailed.workflowId} gate_failed`]);
  });

  // Reads what the first test promoted.
  test('reads the registry like MLflow’s client: versions, a version’s metrics and artifact URIs, the champion, alias history', async () => {
    await until(
      'the champion of svc',
      () => factory.getChampion('svc'),
      (v) => v !== null,
    );
    const versions = await factory.listVersions('svc');
    assert.deepEqual(
      versions.map((v) => [v.model, v.version, v.status, v.lineage.workflowId]),
      [['svc', 1, 'champion', 'weekly_retraining/svc/2002-W39']],
    );
    const v1 = await factory.getVersion('svc', 1);
    assert.ok((v1.metrics as { candidate?: { f1?: number } }).candidate?.f1 !== undefined, JSON.stringify(v1.metrics));
    const uris = artifactUris(v1);
    assert.ok(uris.model?.startsWith('file://') && uris.baseline?.startsWith('file://'), JSON.stringify(uris));
    assert.ok(
      Object.keys(uris).some((k) => k.startsWith('reports.')),
      JSON.stringify(uris),
    );
    assert.equal((await factory.getChampion('svc'))?.version, 1);
    assert.deepEqual(await factory.getAlias('svc', 'champion').then((a) => [a.model, a.alias, a.version]), ['svc', 'champion', 1]);
    const moves = await factory.aliasHistory('svc', 'champion');
    assert.deepEqual(
      moves.map((m) => [m.fromVersion, m.toVersion, m.actor, m.workflowId]),
      [[null, 1, 'ops@example.com', 'weekly_retraining/svc/2002-W39']],
    );
    assert.ok((await factory.statusHistory('svc', 1)).some((h) => h.toStatus === 'champion'));
    await assert.rejects(factory.getVersion('svc', 99), UnknownModelVersionError);

    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const noDatabase = await createFactoryClient({ client: stack.env.client });
      await assert.rejects(
        noDatabase.listVersions('svc'),
        (err: unknown) => err instanceof RegistryNotConfiguredError && /^listVersions reads the model registry/.test(err.message),
      );
      await noDatabase.close();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  test('bad params are refused before anything is sent, listing every field', async () => {
    await assert.rejects(factory.startRetraining({ modelName: 'Bad Name', epochs: 0, logicalDate: LOGICAL_DATE }), (err: unknown) => {
      assert.ok(err instanceof InvalidRetrainingParamsError);
      assert.deepEqual(err.problems, [
        'params.modelName: at most 63 lowercase letters, digits, "_" or "-", starting with a letter or digit (got "Bad Name")',
        'params.epochs: Too small: expected number to be >=1 (got 0)',
      ]);
      return true;
    });
  });

  test('an unknown run id is RunNotFoundError', async () => {
    await assert.rejects(factory.getRun('weekly_retraining/nobody/2002-W39'), RunNotFoundError);
    await assert.rejects(factory.approvePromotion({ workflowId: 'weekly_retraining/nobody/2002-W39', by: 'ops' }), RunNotFoundError);
  });
});
