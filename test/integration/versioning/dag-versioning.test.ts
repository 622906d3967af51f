import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { prepareRun, startPrepared } from '../../../client/start-run';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { decideApprovalUpdate, getDagStateQuery } from '../../../workflows/dag';
import { createWorkers } from '../../../workers/create-workers';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { eventually } from '../dag/harness';
import { ADDED_TASK } from './workflows-v2';

const LOGICAL_DATE = '2002-09-30T03:00:00Z';
const FAST = { epochs: 2, gate: { minimum: { f1: 0.5 }, maxRegression: {} } };

/**
 * The versioning policy (docs/versioning.md), proven on the production DAG: a run parked in its
 * approval keeps its version when the workers are redeployed with a changed weekly_retraining,
 * while a run started after the deploy takes the new version.
 */
describe('changing weekly_retraining while a run waits for approval', () => {
  let stack: RealStack;
  let v1: WorkflowBundle;
  let v2: WorkflowBundle;

  before(async () => {
    // The gpu worker trains for both deployments; each test step runs its own cpu worker.
    stack = await startRealStack({ queues: ['gpu'] });
    const logger = new DefaultLogger('ERROR');
    [v1, v2] = await Promise.all([
      bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger }),
      bundleWorkflowCode({ workflowsPath: require.resolve('./workflows-v2'), logger }),
    ]);
  });
  async function cpuWorker(bundle: WorkflowBundle): Promise<{ worker: Worker; running: Promise<void> }> {
    const [worker] = await createWorkers({
      connection: stack.env.nativeConnection,
      namespace: 'default',
      queues: ['cpu'],
      deps: stack.deps,
      logger: stack.deps.logger,
      shutdownGraceTime: 5_000,
      workflowBundle: bundle,
    });
    return { worker: worker!, running: worker!.run() };
  }

  const workers: { worker: Worker; running: Promise<void> }[] = [];
  after(async () => {
    for (const w of workers) if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await stack?.stop();
  });

  test('the old run completes on its old path and a new run takes the new one', async () => {
    const old = await cpuWorker(v1);
    workers.push(old);
    const parked = await startPrepared(
      stack.env.client,
      TASK_QUEUES.cpu,
      prepareRun('weekly_retraining', { params: { modelName: 'versioned', approval: 'manual', ...FAST }, logicalDate: LOGICAL_DATE }),
    );
    const handle = stack.env.client.workflow.getHandle(parked.workflowId, parked.runId);
    const waiting = await eventually(
      () => handle.query(getDagStateQuery),
      (s) => s.tasks.find((t) => t.taskId === 'approve_promotion')?.state === 'running',
      180_000,
    );
    assert.equal(waiting.dagVersion, 1);

    // Redeploy: the v1 worker goes away; a worker with the changed DAG replays the parked run.
    old.worker.shutdown();
    await old.running;
    const deployed = await cpuWorker(v2);
    workers.push(deployed);
    const fresh = await startPrepared(
      stack.env.client,
      TASK_QUEUES.cpu,
      prepareRun('weekly_retraining', { params: { modelName: 'versioned-new', ...FAST }, logicalDate: LOGICAL_DATE }),
    );
    const newRun = (await stack.env.client.workflow.getHandle(fresh.workflowId, fresh.runId).result()) as DagRunResult;
    assert.equal(newRun.dagVersion, 2);
    assert.equal(newRun.tasks[ADDED_TASK]?.state, 'success', JSON.stringify(newRun.tasks));

    const state = await handle.query(getDagStateQuery);
    const version = (state.tasks.find((t) => t.taskId === 'register_model')?.output as { version: number }).version;
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'reviewer', details: { version } }] });
    const oldRun = (await handle.result()) as DagRunResult;
    assert.equal(oldRun.dagVersion, 1);
    assert.equal(oldRun.tasks.promote_approved?.state, 'success');
    assert.equal(oldRun.tasks[ADDED_TASK], undefined, 'the v1 run has no v2 task');
  });
});
