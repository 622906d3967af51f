import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ConcurrencyTracker, createDagTestingActivities } from '../../../activities/dag-testing';
import { TASK_QUEUES } from '../../../common/task-queues';
import { planBackfill, runBackfill } from '../../../schedules';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';

describe('backfill on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await startTemporalTestEnv();
  });
  after(() => env?.teardown());

  async function startInput(workflowId: string): Promise<{ params: Record<string, unknown>; logicalDate: string; runKind: string }> {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.ok(payload, `${workflowId} has a start input`);
    return defaultPayloadConverter.fromPayload(payload);
  }

  test('plans one run per weekly interval, each with its logical date, data interval and business-key id', () => {
    const plan = planBackfill({ dag: 'weekly_retraining', modelName: 'spam', from: '2002-09-02T00:00:00Z', to: '2002-09-25T00:00:00Z', params: { epochs: 3 } });
    assert.deepEqual(
      plan.map((r) => [r.workflowId, r.logicalDate, r.dataInterval.start, r.dataInterval.end]),
      [
        ['weekly_retraining/spam/2002-W35', '2002-09-02T00:00:00.000Z', '2002-08-26T00:00:00.000Z', '2002-09-02T00:00:00.000Z'],
        ['weekly_retraining/spam/2002-W36', '2002-09-09T00:00:00.000Z', '2002-09-02T00:00:00.000Z', '2002-09-09T00:00:00.000Z'],
        ['weekly_retraining/spam/2002-W37', '2002-09-16T00:00:00.000Z', '2002-09-09T00:00:00.000Z', '2002-09-16T00:00:00.000Z'],
        ['weekly_retraining/spam/2002-W38', '2002-09-23T00:00:00.000Z', '2002-09-16T00:00:00.000Z', '2002-09-23T00:00:00.000Z'],
      ],
    );
    assert.deepEqual(plan[0]?.params, { epochs: 3, modelName: 'spam' });
  });

  test('rejects a range whose start is after its end, quoting both', () => {
    assert.throws(
      () => planBackfill({ dag: 'weekly_retraining', modelName: 'spam', from: '2002-10-01', to: '2002-09-01' }),
      /backfill from 2002-10-01T00:00:00.000Z is after to 2002-09-01T00:00:00.000Z/,
    );
    assert.throws(
      () => planBackfill({ dag: 'weekly_retraining', modelName: 'spam', from: 'last tuesday', to: '2002-09-01' }),
      /backfill from "last tuesday" is invalid/,
    );
  });

  test('starts each week with runKind backfill, and a second backfill over the range starts nothing new', async () => {
    const plan = planBackfill({ dag: 'dag_smoke_test', from: '2002-09-02T00:00:00Z', to: '2002-09-23T00:00:00Z', params: { count: 2 } });
    const taskQueue = uniqueTaskQueue('backfill-nowait');
    const first = await runBackfill(env.client, plan, { maxConcurrent: 2, waitForCompletion: false, taskQueue });
    assert.deepEqual(
      first.map((o) => o.outcome),
      ['started', 'started', 'started', 'started'],
    );
    for (const run of plan) {
      assert.deepEqual(await startInput(run.workflowId), { params: { count: 2 }, logicalDate: run.logicalDate, runKind: 'backfill' });
    }
    const second = await runBackfill(env.client, plan, { maxConcurrent: 2, waitForCompletion: false, taskQueue });
    assert.deepEqual(
      second.map((o) => o.outcome),
      ['exists', 'exists', 'exists', 'exists'],
    );
    for (const run of plan) {
      const executions = [];
      for await (const execution of env.client.workflow.list({ query: `WorkflowId = "${run.workflowId}"` })) executions.push(execution);
      assert.equal(executions.length, 1, `${run.workflowId} has one execution`);
    }
  });

  test('waits for runs to finish, at most maxConcurrent at a time, and reports how each ended', async () => {
    // The default queue: the smoke DAG routes its activities to the cpu queue by kind.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUES.cpu,
      workflowsPath: require.resolve('../../../workflows'),
      activities: createDagTestingActivities({ tracker: new ConcurrencyTracker(), log: [] }),
    });
    // Other weeks than the test above: a DAG without a runKey is keyed `<dag>/<logical date>`.
    const plan = planBackfill({ dag: 'dag_smoke_test', from: '2003-09-01T00:00:00Z', to: '2003-09-15T00:00:00Z', params: { count: 1 } });
    const outcomes = await worker.runUntil(runBackfill(env.client, plan, { maxConcurrent: 1 }));
    const runs = await Promise.all(plan.map((r) => env.client.workflow.getHandle(r.workflowId).describe()));
    for (let i = 1; i < runs.length; i++) {
      assert.ok(runs[i]!.startTime >= runs[i - 1]!.closeTime!, `${plan[i]!.workflowId} started after ${plan[i - 1]!.workflowId} closed`);
    }
    assert.deepEqual(
      outcomes.map((o) => (o.outcome === 'started' ? o.result : o.outcome)),
      ['completed', 'completed', 'completed'],
    );
  });
});
