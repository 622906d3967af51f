import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ConcurrencyTracker, createDagTestingActivities } from '../../../activities/dag-testing';
import { TASK_QUEUES } from '../../../common/task-queues';
import { applySchedules, previewCron, type ScheduleDefinitionInput } from '../../../schedules';
import { startTemporalTestEnv } from '../../support/temporal-test-env';

const smoke: ScheduleDefinitionInput = { id: 'smoke-weekly', dag: 'dag_smoke_test', cron: '0 3 * * 1', timeZone: 'UTC', params: { count: 2 } };

describe('schedules on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await startTemporalTestEnv();
  });
  after(() => env?.teardown());

  test('applying the same definitions twice creates once and then changes nothing', async () => {
    assert.deepEqual(await applySchedules(env.client, [smoke]), { 'smoke-weekly': 'created' });
    assert.deepEqual(await applySchedules(env.client, [smoke]), { 'smoke-weekly': 'unchanged' });
    assert.deepEqual(await applySchedules(env.client, [{ ...smoke, cron: '0 4 * * 1' }]), { 'smoke-weekly': 'updated' });
    const described = await env.client.schedule.getHandle('smoke-weekly').describe();
    assert.equal(described.spec.calendars?.[0]?.hour?.[0]?.start, 4);
  });

  test('a changed definition updates the same schedule in place: creation time and recent actions survive', async () => {
    const id = 'smoke-in-place';
    assert.deepEqual(await applySchedules(env.client, [{ ...smoke, id }]), { [id]: 'created' });
    const handle = env.client.schedule.getHandle(id);
    // No worker: the started run just waits, but the schedule records the action.
    await handle.trigger();
    let before = await handle.describe();
    for (let i = 0; i < 100 && before.info.recentActions.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      before = await handle.describe();
    }
    assert.equal(before.info.recentActions.length, 1, 'the trigger was recorded');

    const changed = { ...smoke, id, cron: '0 5 * * 2', paused: true, note: 'moved to Tuesdays' };
    assert.deepEqual(await applySchedules(env.client, [changed]), { [id]: 'updated' });
    const after = await handle.describe();
    assert.equal(after.info.createdAt.getTime(), before.info.createdAt.getTime(), 'same schedule, not a new one');
    assert.ok(after.info.lastUpdatedAt, 'updated, so the server stamped lastUpdatedAt');
    assert.deepEqual(
      after.info.recentActions.map((a) => a.action.workflow.workflowId),
      before.info.recentActions.map((a) => a.action.workflow.workflowId),
    );
    assert.equal(after.spec.calendars?.[0]?.hour?.[0]?.start, 5);
    assert.equal(after.state.paused, true);
    assert.equal(after.state.note, 'moved to Tuesdays');
    assert.deepEqual(await applySchedules(env.client, [changed]), { [id]: 'unchanged' });
  });

  test('schedules preview agrees with the server on a cron with both day-of-month and day-of-week', async () => {
    // Classic cron would fire on every 13th and every Friday; Temporal fires on Fridays the 13th.
    const spec = { ...smoke, id: 'friday-13th', cron: '0 3 13 * 5', paused: true };
    await applySchedules(env.client, [spec]);
    const server = (await env.client.schedule.getHandle(spec.id).describe()).info.nextActionTimes.slice(0, 3);
    assert.equal(server.length, 3, 'the server lists upcoming times even while paused');
    const preview = previewCron(spec.id, spec.cron, 'UTC', 3, new Date(server[0]!.getTime() - 1));
    assert.deepEqual(
      preview,
      server.map((d) => d.toISOString()),
    );
    for (const t of preview) assert.deepEqual([new Date(t).getUTCDate(), new Date(t).getUTCDay()], [13, 5]);
  });

  test('a bad cron is rejected before anything is sent to the server', async () => {
    await assert.rejects(
      applySchedules(env.client, [{ ...smoke, id: 'never-created', cron: '0 25 * * 1' }]),
      /schedule "never-created": cron "0 25 \* \* 1" is invalid/,
    );
    await assert.rejects(env.client.schedule.getHandle('never-created').describe(), /not found/i);
  });

  test('a scheduled run takes its logical date from TemporalScheduledStartTime', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUES.cpu,
      workflowsPath: require.resolve('../../../workflows'),
      activities: createDagTestingActivities({ tracker: new ConcurrencyTracker(), log: [] }),
    });
    await worker.runUntil(async () => {
      await applySchedules(env.client, [{ ...smoke, id: 'smoke-trigger' }]);
      await env.client.schedule.getHandle('smoke-trigger').trigger();
      let workflowId: string | undefined;
      for (let i = 0; i < 100 && !workflowId; i++) {
        const described = await env.client.schedule.getHandle('smoke-trigger').describe();
        workflowId = described.info.recentActions[0]?.action.workflow.workflowId;
        if (!workflowId) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(workflowId, 'the schedule started a workflow');
      const handle = env.client.workflow.getHandle(workflowId);
      const result = (await handle.result()) as { logicalDate: string; runKind: string };
      const attributes = (await handle.describe()).typedSearchAttributes;
      const scheduled = attributes.getAll().find((pair) => pair.key.name === 'TemporalScheduledStartTime')?.value as Date | undefined;
      assert.ok(scheduled instanceof Date);
      assert.equal(result.logicalDate, scheduled.toISOString());
      assert.equal(result.runKind, 'scheduled');
    });
  });
});
