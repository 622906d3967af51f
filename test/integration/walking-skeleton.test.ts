import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TASK_QUEUES } from '../../common/task-queues';
import { readAll } from '../../lib/artifacts';
import { startRealStack, type RealStack } from '../support/real-stack';

describe('walking skeleton on the real stack', () => {
  let stack: RealStack;
  before(async () => {
    stack = await startRealStack({ seed: false });
  });
  after(() => stack?.stop());

  test('reads PostgreSQL, writes an artifact on cpu and verifies it on the gpu queue', async () => {
    const result = await stack.env.client.workflow.execute('walkingSkeleton', { taskQueue: TASK_QUEUES.cpu, workflowId: 'walking-skeleton/test' });
    assert.match(result.serverVersion, /^\d+/);
    assert.equal(result.verifiedOnQueue, TASK_QUEUES.gpu);
    const saved = JSON.parse((await readAll(await stack.store.openRead(result.artifactUri, result.sha256))).toString());
    assert.equal(saved.workflowId, 'walking-skeleton/test');
    assert.ok(saved.probe.migrationsApplied >= 1);
  });
});
