import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { DagRunResult, DagRunState } from '../../../common/dag';
import { SEARCH_ATTRIBUTES } from '../../../common/search-attributes';
import { decideApprovalUpdate, getDagStateQuery, retryTaskUpdate, type DagRunInput } from '../../../workflows/dag';
import { DagTestHarness, eventually } from './harness';

// The Outcome search attribute and the current details each run keeps (the Temporal UI's list
// column and the run's User Metadata), and a task's own onFailure: 'pause' with its timeout.
const h = new DagTestHarness();
before(() => h.start());
after(() => h.stop());

type Handle = WorkflowHandle<(input: DagRunInput) => Promise<DagRunResult>>;

async function outcomeAttribute(handle: Handle): Promise<string | undefined> {
  return (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.outcome);
}

/** The run's current details, as the Web UI reads them (the SDK's built-in metadata Query). */
async function currentDetails(handle: Handle): Promise<string | undefined> {
  const metadata = await handle.query<{ currentDetails?: string | null }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? undefined;
}

function task(state: DagRunState, taskId: string) {
  const found = state.tasks.find((t) => t.taskId === taskId);
  assert.ok(found, `no task ${taskId} in ${JSON.stringify(state.tasks.map((t) => t.taskId))}`);
  return found;
}

describe('the outcome of a DAG run in the Temporal UI, and pauses with a deadline', () => {
  test('a task with onFailure "pause" pauses past its retries, shows it in Outcome, and retryTask runs it to success', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('task_pause_dag', { params: { key: taskQueue, pauseTimeout: '1h' } });
      const paused = await eventually(
        () => handle.query(getDagStateQuery),
        (s) => task(s, 'fragile').state === 'paused_on_failure',
        60_000,
      );
      assert.equal(task(paused, 'fragile').state, 'paused_on_failure');
      const info = task(paused, 'fragile').paused;
      assert.deepEqual(info?.actions, ['retryTask', 'skipTask', 'failRun']);
      assert.ok(info?.deadline !== undefined && info.deadlineAt === new Date(info.deadline).toISOString(), JSON.stringify(info));
      assert.equal(paused.outcome, 'paused');
      assert.match(
        paused.headline ?? '',
        /^paused: fragile failed: TestFailure: failing call 1 of 1; retry, skip or fail the run until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      assert.equal(
        await eventually(
          () => outcomeAttribute(handle),
          (v) => v === 'paused',
          30_000,
        ),
        'paused',
      );
      assert.match((await currentDetails(handle)) ?? '', /^paused: fragile failed: .*\n3\/5 done · paused on failure: fragile$/);
      // The Workflows list filter an operator types in the Web UI finds it.
      const listed = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const e of h.env.client.workflow.list({ query: `${SEARCH_ATTRIBUTES.outcome.name} = "paused" AND TaskQueue = "${taskQueue}"` }))
            ids.push(e.workflowId);
          return ids;
        },
        (ids) => ids.includes(handle.workflowId),
        30_000,
      );
      assert.deepEqual(listed, [handle.workflowId]);

      await handle.executeUpdate(retryTaskUpdate, { args: ['fragile'] });
      const result = await handle.result();
      assert.equal(result.state, 'success');
      assert.deepEqual(result.tasks.fragile, { state: 'success', output: 2 });
      assert.equal(
        await eventually(
          () => outcomeAttribute(handle),
          (v) => v === 'succeeded',
          30_000,
        ),
        'succeeded',
      );
    }));

  test('a pause nobody acts on fails the run at its deadline, naming the task', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('task_pause_dag', { params: { key: taskQueue, pauseTimeout: '2s' } });
      const err = await handle.result().then(
        () => assert.fail('the run should fail when its pause times out'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError, String(err));
      assert.match(
        String(err.cause?.message),
        /^DAG run failed: failed tasks: fragile \(paused on failure until \S+ and nobody sent retryTask, skipTask or failRun; it had failed with: TestFailure: failing call 1 of 1\)/,
      );
      assert.equal(
        await eventually(
          () => outcomeAttribute(handle),
          (v) => v === 'failed',
          30_000,
        ),
        'failed',
      );
      assert.match((await currentDetails(handle)) ?? '', /^DAG run failed: failed tasks: fragile \(paused on failure/);
    }));

  test('a declared verdict (a nonRetryableErrorTypes type) fails its task although the task says pause', () =>
    h.withWorker(async ({ start, taskQueue }) => {
      const handle = await start('task_pause_dag', { params: { key: `${taskQueue}-v`, verdict: true, pauseTimeout: '1h' } });
      const state = await eventually(
        () => handle.query(getDagStateQuery),
        (s) => task(s, 'judge').state === 'failed',
        60_000,
      );
      assert.equal(task(state, 'judge').state, 'failed');
      assert.equal(task(state, 'judge').error, 'Verdict: the data says no');
      await handle.executeUpdate(retryTaskUpdate, { args: ['fragile'] }).catch(() => undefined);
      await assert.rejects(handle.result(), WorkflowFailedError);
    }));

  test('getDagState shows what an approval decides on and who may decide; the run is listed as waiting_for_approval until it is decided', () =>
    h.withWorker(async ({ start }) => {
      const handle = await start('review_dag', { params: { timeout: '1h', approvers: ['alice', 'bob'] } });
      const waiting = await eventually(
        () => handle.query(getDagStateQuery),
        (s) => task(s, 'approve_promotion').awaiting !== undefined,
        60_000,
      );
      const awaiting = task(waiting, 'approve_promotion').awaiting;
      assert.ok(awaiting, JSON.stringify(waiting));
      assert.equal(awaiting.prompt, 'Promote demo v7 to champion?');
      assert.deepEqual(awaiting.awaitedVersion, { model: 'demo', version: 7 });
      assert.equal(awaiting.defaultDecision, 'reject');
      assert.deepEqual(awaiting.approvers, ['alice', 'bob']);
      assert.equal(awaiting.deadlineAt, new Date(awaiting.deadline).toISOString());
      // 1h from when the wait began (workflow time), so about an hour from now.
      assert.ok(Math.abs(awaiting.deadline - Date.now() - 3_600_000) < 600_000, awaiting.deadlineAt);
      assert.equal(waiting.outcome, 'waiting_for_approval');
      assert.equal(waiting.headline, `waiting for approval of demo v7 until ${awaiting.deadlineAt?.replace(/\.\d{3}Z$/, 'Z')}`);
      assert.equal(
        await eventually(
          () => outcomeAttribute(handle),
          (v) => v === 'waiting_for_approval',
          30_000,
        ),
        'waiting_for_approval',
      );

      const refused = await handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'approve', by: 'mallory' }] }).then(
        () => assert.fail('a decision by someone not among the approvers must be refused'),
        (err: unknown) => err,
      );
      assert.ok(refused instanceof WorkflowUpdateFailedError, String(refused));
      assert.equal(String((refused.cause as Error | undefined)?.message), 'by "mallory" may not decide task "approve_promotion" (approvers: alice, bob)');
      await handle.executeUpdate(decideApprovalUpdate, { args: [{ taskId: 'approve_promotion', decision: 'reject', by: 'alice', reason: 'too many FPs' }] });
      const result = await handle.result();
      assert.equal(result.tasks.promote?.state, 'skipped');
      assert.equal(
        await eventually(
          () => outcomeAttribute(handle),
          (v) => v === 'rejected',
          30_000,
        ),
        'rejected',
      );
      assert.equal(await currentDetails(handle), 'approval rejected by alice: too many FPs');
      const closed = await handle.query(getDagStateQuery);
      assert.deepEqual([closed.outcome, closed.headline], ['rejected', 'approval rejected by alice: too many FPs']);
    }));
});
