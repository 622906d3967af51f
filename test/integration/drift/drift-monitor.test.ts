import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataActivities } from '../../../activities/data';
import { retrainingWorkflowId, type MeasureDriftResult, type StartRetrainingResult } from '../../../activities/drift';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { ModelRegistry } from '../../../lib/registry';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { registration } from '../registry/registration-fixture';

// The champion is trained on the 26 weeks up to 2002-09-16. The SpamAssassin corpus shifts in
// October (label-ratio PSI above 1 for a week of October events); mid-September events are part
// of the snapshot itself (PSI well below 0.2).
const MODEL = 'watched';
const DRIFTED_DAY = '2002-10-09T04:00:00Z';
const CALM_DAY = '2002-09-18T04:00:00Z';

describe('drift_monitor on the real stack and the SpamAssassin corpus', () => {
  let stack: RealStack;

  before(async () => {
    // cpu only: a drift-started retraining runs until its train_model waits for a gpu worker.
    stack = await startRealStack({
      queues: ['cpu'],
      // A champion registered directly with a real training snapshot: drift needs its dataset, not a trained model.
      async prepare(deps) {
        const { manifest } = await createDataActivities(deps).extractEvents({
          modelName: MODEL,
          dataInterval: { start: '2002-09-09T00:00:00Z', end: '2002-09-16T00:00:00Z' },
          trainingWeeks: 26,
          runKey: 'drift-test/extract_events',
        });
        const registry = new ModelRegistry(deps.pool);
        const { version } = await registry.registerVersion(registration(MODEL, 'drift-test/register_model', { datasetManifest: manifest }));
        await registry.promoteToChampion(MODEL, version.version, { actor: 'test', reason: 'champion for the drift test' });
      },
    });
  });
  after(() => stack?.stop());

  async function monitor(workflowId: string, logicalDate: string, params: Record<string, unknown> = {}) {
    const result = (await stack.env.client.workflow.execute('drift_monitor', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [{ params: { modelName: MODEL, ...params }, logicalDate, runKind: 'manual' }],
    })) as DagRunResult;
    return {
      result,
      measured: result.tasks.measure_drift?.output as MeasureDriftResult,
      started: result.tasks.start_retraining?.output as StartRetrainingResult | undefined,
    };
  }

  async function executions(workflowId: string): Promise<number> {
    let count = 0;
    for await (const _ of stack.env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) count++;
    return count;
  }

  test('drift above the threshold starts exactly one retraining, under the business-key id', async () => {
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-09', DRIFTED_DAY);
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.equal(started?.outcome, 'started');
    assert.equal(started.workflowId, 'weekly_retraining/watched/2002-W40');
    assert.equal(started.workflowId, retrainingWorkflowId(MODEL, DRIFTED_DAY));
    const described = await stack.env.client.workflow.getHandle(started.workflowId).describe();
    assert.equal(described.type, 'weekly_retraining');
    assert.equal(await executions(started.workflowId), 1);
  });

  test('running the monitor twice for the same day does not start a second retraining', async () => {
    const { started } = await monitor('drift_monitor/watched/2002-10-09/again', DRIFTED_DAY);
    assert.equal(started?.outcome, 'already running');
    assert.equal(started.workflowId, 'weekly_retraining/watched/2002-W40');
    assert.equal(await executions('weekly_retraining/watched/2002-W40'), 1);
  });

  test("a retraining already started under the week's id, not yet picked up by a worker, is not started again", async () => {
    const day = '2002-10-23T04:00:00Z';
    const workflowId = retrainingWorkflowId(MODEL, day);
    // As the main job would start it; no worker polls this queue, so it never sets its search attributes.
    await stack.env.client.workflow.start('weekly_retraining', {
      taskQueue: 'nobody-polls-this',
      workflowId,
      args: [{ params: { modelName: MODEL }, logicalDate: day }],
    });
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-23', day, { lookbackDays: 14 });
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.deepEqual([started?.outcome, started?.workflowId], ['already running', workflowId]);
    assert.equal(await executions(workflowId), 1);
  });

  test('a retraining the Schedule started for the week (under its own id) owns the week and is not duplicated', async () => {
    const day = '2002-10-16T04:00:00Z';
    const key = retrainingWorkflowId(MODEL, day);
    // A Schedule names its runs `<id>-<fire time>`: the run forwards to the week's business key.
    const scheduled = (await stack.env.client.workflow.execute('weekly_retraining', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: 'weekly_retraining/scheduled-2002-10-14T03:00:00Z',
      args: [{ params: { modelName: MODEL }, logicalDate: '2002-10-14T03:00:00Z', runKind: 'scheduled' }],
    })) as DagRunResult;
    assert.deepEqual([scheduled.state, scheduled.owner?.workflowId], ['forwarded', key]);
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-16', day);
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.deepEqual([started?.outcome, started?.workflowId], ['already running', key]);
    assert.equal(await executions(key), 1);
  });

  test('drift below the threshold starts no retraining', async () => {
    const { measured, result } = await monitor('drift_monitor/watched/2002-09-18', CALM_DAY);
    assert.ok(measured.score !== null && measured.score <= 0.2, measured.reason);
    assert.equal(result.tasks.drift_above_threshold?.state, 'success');
    assert.equal(result.tasks.start_retraining?.state, 'skipped');
    assert.equal(await executions(retrainingWorkflowId(MODEL, CALM_DAY)), 0);
  });

  test('a model without a champion has no drift, and says so', async () => {
    const { measured, result } = await monitor('drift_monitor/unwatched/2002-10-09', DRIFTED_DAY, { modelName: 'unwatched' });
    assert.equal(measured.score, null);
    assert.match(measured.reason, /model "unwatched" has no champion/);
    assert.equal(result.tasks.start_retraining?.state, 'skipped');
    assert.equal(await executions(retrainingWorkflowId('unwatched', DRIFTED_DAY)), 0);
  });
});
