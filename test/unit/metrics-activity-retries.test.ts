import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricMeter } from '@temporalio/common';
import type { ActivityExecuteInput } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import { countActivityRetries, taskOfActivityId } from '../../lib/metrics';

test('the task id is read from the engine’s activity ids', () => {
  assert.equal(taskOfActivityId('train_model'), 'train_model');
  assert.equal(taskOfActivityId('train_model#2'), 'train_model');
  assert.equal(taskOfActivityId('wait_for_data:1:poke3'), 'wait_for_data');
});

test('attempts after the first are counted by dag, task and activity; a first attempt is not', async () => {
  const added: Array<{ name: string; value: number; tags: unknown }> = [];
  const meter = {
    createCounter: (name: string) => ({ add: (value: number, tags: unknown) => added.push({ name, value, tags }) }),
  } as unknown as MetricMeter;
  const run = async (attempt: number) => {
    const ctx = {
      info: { attempt, workflowType: 'weekly_retraining', activityId: 'train_model#2', activityType: 'trainModel' },
      metricMeter: meter,
    } as unknown as Context;
    const result = await countActivityRetries(ctx).inbound!.execute!({} as ActivityExecuteInput, async () => 'done');
    assert.equal(result, 'done', 'the activity still runs');
  };
  await run(1);
  assert.deepEqual(added, []);
  await run(3);
  assert.deepEqual(added, [
    { name: 'factory_dag_activity_retries_total', value: 1, tags: { dag: 'weekly_retraining', task: 'train_model', activity: 'trainModel' } },
  ]);
});
