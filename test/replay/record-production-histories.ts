// Records the histories of the production DAGs that replay-production.test.ts replays:
//   npx tsx test/replay/record-production-histories.ts
// Record again only for a new DAG version (add its histories; keep the old ones while runs of
// the old version may exist): docs/versioning.md. Runs on the real stack and the seeded corpus.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { prepareRun, startPrepared } from '../../client/start-run';
import { TASK_QUEUES } from '../../common/task-queues';
import { decideApprovalUpdate, getDagStateQuery } from '../../workflows/dag';
import { eventually } from '../integration/dag/harness';
import { startRealStack, type RealStack } from '../support/real-stack';
import { saveHistory } from './save-history';

const OUT = join(__dirname, '..', 'histories', 'production');
const LOGICAL_DATE = '2002-09-30T03:00:00Z';
// Fast and certain to pass: the recordings are about commands, not model quality.
const FAST = { epochs: 2, gate: { minimum: { f1: 0.5, rocAuc: 0.5 }, maxRegression: {} } };

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startRealStack();
  try {
    const start = async (params: Record<string, unknown>, extra: { logicalDate?: string; continueAsNewAfterEvents?: number } = {}) => {
      const prepared = prepareRun('weekly_retraining', { params, logicalDate: extra.logicalDate ?? LOGICAL_DATE });
      if (extra.continueAsNewAfterEvents === undefined) return startPrepared(stack.env.client, TASK_QUEUES.cpu, prepared);
      const handle = await stack.env.client.workflow.start('weekly_retraining', {
        taskQueue: TASK_QUEUES.cpu,
        workflowId: prepared.workflowId,
        args: [
          { params: prepared.params, logicalDate: prepared.logicalDate, runKind: prepared.runKind, continueAsNewAfterEvents: extra.continueAsNewAfterEvents },
        ],
      });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    };
    const settle = async (run: { workflowId: string; runId: string }) => {
      await stack.env.client.workflow
        .getHandle(run.workflowId, run.runId)
        .result()
        .catch(() => undefined);
      return run;
    };

    // auto-promoted (first model: no champion) and then gate-failed against that champion.
    save(stack, 'weekly_retraining-auto-promoted', await settle(await start({ modelName: 'replay', ...FAST }, { logicalDate: '2002-09-23T03:00:00Z' })));
    save(
      stack,
      'weekly_retraining-gate-failed',
      await settle(await start({ modelName: 'replay', ...FAST, shuffleLabels: true, gate: { minimum: { f1: 0.9 }, maxRegression: {} } })),
    );

    // parked in manual approval, then approved naming the version.
    const manual = await start({ modelName: 'replay-manual', ...FAST, approval: 'manual' });
    const handle: WorkflowHandle = stack.env.client.workflow.getHandle(manual.workflowId, manual.runId);
    const waiting = await eventually(
      () => handle.query(getDagStateQuery),
      (s) => s.tasks.find((t) => t.taskId === 'approve_promotion')?.state === 'running',
      300_000,
    );
    const version = (waiting.tasks.find((t) => t.taskId === 'register_model')?.output as { version: number }).version;
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'reviewer', details: { version } }] });
    save(stack, 'weekly_retraining-manual-approved', await settle(manual));

    // failed (training diverges), then run again by an operator with a changed param.
    save(stack, 'weekly_retraining-failed', await settle(await start({ modelName: 'replay-rerun', ...FAST, modelConfig: { learningRate: 1e12 } })));
    save(stack, 'weekly_retraining-rerun-after-failure', await settle(await start({ modelName: 'replay-rerun', ...FAST })));

    // started from the Web UI form under its own id: forwards to the week's key, or, when the
    // week is taken, ends as a duplicate.
    const fromTheForm = async (name: string, workflowId: string, modelName: string) => {
      const form = await stack.env.client.workflow.start('weekly_retraining', {
        taskQueue: TASK_QUEUES.cpu,
        workflowId,
        args: [{ params: { modelName, ...FAST }, logicalDate: LOGICAL_DATE }],
      });
      save(stack, name, await settle({ workflowId: form.workflowId, runId: form.firstExecutionRunId }));
    };
    await fromTheForm('weekly_retraining-forwarded-duplicate', 'retrain-from-the-form', 'replay');
    await fromTheForm('weekly_retraining-forwarded', 'retrain-a-new-model-from-the-form', 'replay-form');

    // one whole continue-as-new chain: every segment.
    const chain = await settle(await start({ modelName: 'replay-chain', ...FAST }, { continueAsNewAfterEvents: 50 }));
    let segment = 0;
    const runs: string[] = [];
    for await (const e of stack.env.client.workflow.list({ query: `WorkflowId = "${chain.workflowId}"` })) runs.push(e.runId);
    // Visibility lists newest first; the chain replays oldest first.
    for (const runId of runs.reverse()) save(stack, `weekly_retraining-continued-as-new-${segment++}`, { workflowId: chain.workflowId, runId });
    if (segment < 2) throw new Error(`the chain has ${segment} segment(s); lower continueAsNewAfterEvents`);

    // drift_monitor for a model with a champion.
    const drift = await stack.env.client.workflow.start('drift_monitor', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: 'drift_monitor/replay/2002-10-09',
      args: [{ params: { modelName: 'replay', retrainingParams: FAST }, logicalDate: '2002-10-09T04:00:00Z' }],
    });
    save(stack, 'drift_monitor-checked', await settle({ workflowId: drift.workflowId, runId: drift.firstExecutionRunId }));
  } finally {
    await stack.stop();
  }
}

function save(stack: RealStack, name: string, run: { workflowId: string; runId: string }): void {
  saveHistory(stack.address, OUT, name, run);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
