import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { ModelRegistry } from '../../../lib/registry';
import { startRealStack, type RealStack } from '../../support/real-stack';

// The corpus week the embedded default retrains for (see cli/main-job.ts). Fewer epochs keep
// each run to seconds; quality at full settings is measured by `npm start` and reported in README.
const LOGICAL_DATE = '2002-09-30T03:00:00Z';
const FAST = { epochs: 4 };

describe('weekly_retraining on the real stack and the SpamAssassin corpus', () => {
  let stack: RealStack;
  let registry: ModelRegistry;

  before(async () => {
    stack = await startRealStack();
    registry = new ModelRegistry(stack.pg.pool);
  });
  after(() => stack?.stop());

  function run(workflowId: string, params: Record<string, unknown>) {
    return stack.env.client.workflow.execute('weekly_retraining', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [{ params, logicalDate: LOGICAL_DATE, runKind: 'manual' }],
    }) as Promise<DagRunResult>;
  }

  test('a good candidate passes the gate, is registered with lineage and becomes champion', async () => {
    const result = await run('weekly_retraining/good/2002-W39', { modelName: 'good', ...FAST });
    assert.equal(result.tasks.promote_auto?.state, 'success', JSON.stringify(result.tasks.check_gate));
    assert.equal(result.tasks.promote_approved?.state, 'skipped');
    const champion = await registry.getChampion('good');
    assert.equal(champion?.version, 1);
    assert.equal(champion?.lineage.workflowId, 'weekly_retraining/good/2002-W39');
    assert.ok((champion?.metrics as { candidate: { f1: number } }).candidate.f1 >= 0.9);
    assert.equal((await registry.listVersions('good')).length, 1);
  });

  test('a candidate trained on shuffled labels is rejected by the gate and the champion stays', async () => {
    await run('weekly_retraining/gated/good', { modelName: 'gated', ...FAST });
    const before = await registry.getChampion('gated');
    const result = await run('weekly_retraining/gated/shuffled', { modelName: 'gated', ...FAST, shuffleLabels: true });
    assert.equal(result.state, 'success', 'a failed gate is an outcome, not an error');
    assert.equal(result.tasks.promote_auto?.state, 'skipped');
    assert.equal(result.tasks.record_outcome?.state, 'success');
    const versions = await registry.listVersions('gated');
    assert.equal(versions.length, 2);
    assert.equal(versions.find((v) => v.version === 2)?.status, 'rejected');
    assert.equal((await registry.getChampion('gated'))?.version, before?.version);
  });

  test('a manual approval that times out rejects the candidate and leaves the champion unchanged', async () => {
    const result = await run('weekly_retraining/manual/2002-W39', { modelName: 'manual', ...FAST, approval: 'manual', approvalTimeout: '2s' });
    assert.equal(result.tasks.approve_promotion?.state, 'success');
    assert.equal(result.tasks.promote_approved?.state, 'skipped');
    assert.equal(result.tasks.promote_auto?.state, 'skipped');
    assert.equal(await registry.getChampion('manual'), null);
    assert.equal((await registry.listVersions('manual'))[0]?.status, 'rejected');
  });

  test('a fail-level dataset finding stops the run before training and is recorded as the outcome', async () => {
    const result = await run('weekly_retraining/strict/2002-W39', { modelName: 'strict', ...FAST, validation: { minorityShare: { warn: 0.5, fail: 0.45 } } });
    assert.equal(result.state, 'success', 'a rejected dataset is an outcome, not an error');
    assert.equal(result.tasks.check_dataset?.state, 'success');
    assert.equal(result.tasks.train_model?.state, 'skipped');
    assert.equal(result.tasks.register_model?.state, 'skipped');
    assert.match(String((result.tasks.record_outcome?.output as { reason: string }).reason), /^dataset validation failed: minority label share is 0\.\d+, below the fail level 0\.45/);
    assert.deepEqual(await registry.listVersions('strict').catch(() => []), []);
  });

  test('bad params from a UI-style JSON start fail at once, listing every field, before any activity', async () => {
    const failure = await run('weekly_retraining/bad/params', { modelName: 'Bad Name!', epochs: 'ten' }).catch((err: unknown) => err);
    assert.ok(failure instanceof WorkflowFailedError);
    const message = String((failure.cause as Error).message);
    assert.match(message, /params\.modelName/);
    assert.match(message, /params\.epochs/);
    const history = await stack.env.client.workflow.getHandle('weekly_retraining/bad/params').fetchHistory();
    assert.equal(history.events?.some((e) => e.activityTaskScheduledEventAttributes), false);
  });
});
