import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { createSkeletonCpuActivities, createSkeletonGpuActivities } from '../../activities/skeleton/skeleton-activities';
import { TASK_QUEUES } from '../../common/task-queues';
import { readAll } from '../../lib/artifacts';
import { startRealStack, type RealStack } from '../support/real-stack';

describe('walking skeleton on the real stack', () => {
  let stack: RealStack;
  let workers: Worker[] = [];
  let running: Promise<unknown> | undefined;
  // The skeleton is no production workflow: no production worker polls here, and this test's
  // workers register the skeleton's workflow and activities on the queues it names.
  before(async () => {
    stack = await startRealStack({ seed: false, queues: [] });
    const connection = stack.env.nativeConnection;
    workers = [
      await Worker.create({
        connection,
        taskQueue: TASK_QUEUES.cpu,
        workflowsPath: require.resolve('../../workflows/skeleton/walking-skeleton'),
        activities: createSkeletonCpuActivities(stack.deps),
      }),
      await Worker.create({ connection, taskQueue: TASK_QUEUES.gpu, activities: createSkeletonGpuActivities(stack.deps) }),
    ];
    running = Promise.all(workers.map((w) => w.run()));
  });
  after(async () => {
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    await running;
    await stack?.stop();
  });

  test('reads PostgreSQL, writes an artifact on cpu and verifies it on the gpu queue', async () => {
    const result = await stack.env.client.workflow.execute('walkingSkeleton', { taskQueue: TASK_QUEUES.cpu, workflowId: 'walking-skeleton/test' });
    assert.match(result.serverVersion, /^\d+/);
    assert.equal(result.verifiedOnQueue, TASK_QUEUES.gpu);
    const saved = JSON.parse((await readAll(await stack.store.openRead(result.artifactUri, result.sha256))).toString());
    assert.equal(saved.workflowId, 'walking-skeleton/test');
    assert.ok(saved.probe.migrationsApplied >= 1);
  });
});
