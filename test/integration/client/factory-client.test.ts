import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ApprovalRejectedByValidatorError,
  createFactoryClient,
  InvalidRetrainingParamsError,
  RunNotFoundError,
  type FactoryClient,
  type StartedRun,
  type WeeklyRetrainingParamsInput,
} from '../../../index';
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

  test('starts a retraining from another process; a second trigger for the week attaches; approval promotes', async () => {
    const params = { approval: 'manual', approvalTimeout: '10m', gate: LENIENT_GATE } satisfies WeeklyRetrainingParamsInput;
    const started = await startFromService(stack.address, 'svc', params);
    assert.deepEqual(started, { workflowId: 'weekly_retraining/svc/2002-W39', runId: started.runId, alreadyRunning: false, executionStatus: 'RUNNING' });

    // The duplicate trigger (a Schedule fire, the drift monitor, a retrying caller) for the same week.
    const again = await factory.startRetraining({ modelName: 'svc', epochs: 3, logicalDate: '2002-10-02T12:00:00Z', ...params });
    assert.deepEqual(again, { ...started, alreadyRunning: true });

    const waiting = await until(
      'the approval task',
      () => factory.getRun(started.workflowId),
      (v) => v.tasks.some((t) => t.taskId === 'approve_promotion' && t.state === 'running') || v.closed,
    );
    assert.equal(waiting.status, 'running', JSON.stringify(waiting.tasks));
    assert.equal(waiting.tasks.find((t) => t.taskId === 'train_model')?.state, 'success');

    await assert.rejects(factory.approvePromotion({ workflowId: started.workflowId, by: ' ' }), (err: unknown) => {
      assert.ok(err instanceof ApprovalRejectedByValidatorError);
      assert.equal(err.message, 'run "weekly_retraining/svc/2002-W39" refused to approve task "approve_promotion": by must name who decides (got " ")');
      return true;
    });
    await assert.rejects(factory.approvePromotion({ workflowId: started.workflowId, by: 'ops@example.com', version: 7 }), (err: unknown) => {
      assert.ok(err instanceof ApprovalRejectedByValidatorError);
      assert.match(err.message, /version 7 of model svc is not awaiting approval \(awaiting: 1\)$/);
      return true;
    });
    const outcome = await factory.approvePromotion({ workflowId: started.workflowId, by: 'ops@example.com', reason: 'reviewed the plots', version: 1 });
    assert.deepEqual(outcome, { decision: 'approve', by: 'ops@example.com', reason: 'reviewed the plots', timedOut: false });

    const done = await factory.waitForRun(started.workflowId);
    assert.equal(done.status, 'success', done.failure);
    assert.equal(done.closed, true);
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
    const afterwards = await factory.startRetraining({ modelName: 'svc', logicalDate: LOGICAL_DATE });
    assert.deepEqual(afterwards, { ...started, alreadyRunning: true, executionStatus: 'COMPLETED' });
    await assert.rejects(factory.rejectPromotion({ workflowId: started.workflowId, by: 'ops' }), /the run has ended \(COMPLETED\)/);

    const models = await factory.listModels();
    assert.equal(models.find((m) => m.name === 'svc')?.champion, 1);
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
