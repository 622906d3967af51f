// Records the production histories of runs made with the Outcome search attribute and the
// per-task pause (patches `dag-run-outcome` and `dag-task-on-failure`), replayed by
// production-histories.test.ts next to the older ones:
//   npx tsx test/replay/record-outcome-histories.ts
// Runs on the real stack and the seeded corpus, like record-production-histories.ts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRun, startPrepared } from '../../client/start-run';
import { TASK_QUEUES } from '../../common/task-queues';
import { decideApprovalUpdate, getDagStateQuery, retryTaskUpdate } from '../../workflows/dag';
import { eventually } from '../integration/dag/harness';
import { startRealStack } from '../support/real-stack';
import { saveHistory } from './save-history';

const OUT = join(__dirname, '..', 'histories', 'production');
const LOGICAL_DATE = '2002-09-30T03:00:00Z';
const FAST = { epochs: 2, gate: { minimum: { f1: 0.5, rocAuc: 0.5 }, maxRegression: {} } };

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startRealStack();
  try {
    const start = (params: Record<string, unknown>) =>
      startPrepared(stack.env.client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params: { ...FAST, ...params }, logicalDate: LOGICAL_DATE }));
    const settle = async (run: { workflowId: string; runId: string }) => {
      await stack.env.client.workflow
        .getHandle(run.workflowId, run.runId)
        .result()
        .catch(() => undefined);
      return run;
    };

    // Waits for approval (Outcome waiting_for_approval), then approved naming the version (promoted).
    const manual = await start({ modelName: 'outcome-manual', approval: 'manual' });
    const handle = stack.env.client.workflow.getHandle(manual.workflowId, manual.runId);
    const waiting = await eventually(
      () => handle.query(getDagStateQuery),
      (s) => s.outcome === 'waiting_for_approval',
      300_000,
    );
    const version = waiting.tasks.find((t) => t.taskId === 'approve_promotion')?.awaiting?.awaitedVersion?.version;
    if (version === undefined) throw new Error(`no awaited version in ${JSON.stringify(waiting.tasks)}`);
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'reviewer', details: { version } }] });
    saveHistory(stack.address, OUT, 'weekly_retraining-outcome-manual-approved', await settle(manual));

    // extract_events pauses while the source table is missing, and is retried once it is back.
    await stack.pg.pool.query('ALTER TABLE moderation_events RENAME TO moderation_events_offline');
    const paused = await start({ modelName: 'outcome-paused' });
    const pausedHandle = stack.env.client.workflow.getHandle(paused.workflowId, paused.runId);
    await eventually(
      () => pausedHandle.query(getDagStateQuery),
      (s) => s.outcome === 'paused',
      300_000,
    );
    await stack.pg.pool.query('ALTER TABLE moderation_events_offline RENAME TO moderation_events');
    await pausedHandle.executeUpdate(retryTaskUpdate, { args: ['extract_events'] });
    saveHistory(stack.address, OUT, 'weekly_retraining-outcome-paused-then-retried', await settle(paused));
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
