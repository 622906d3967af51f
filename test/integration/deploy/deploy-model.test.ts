import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { FinishedRollout } from '../../../activities/deploy';
import { createRegistryActivities, type MarkChallengerResult } from '../../../activities/registry';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { ModelRegistry } from '../../../lib/registry';
import { readTrafficSplit, trafficHistory } from '../../../lib/serving/traffic-store';
import { abortRolloutUpdate, deployWorkflowId, pauseRolloutUpdate, promoteNowUpdate } from '../../../workflows/deploy';
import { saveHistory } from '../../replay/save-history';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { registration } from '../registry/registration-fixture';
import { eventually } from '../training/harness';
import { fastRolloutParams, TrafficSimulator } from './traffic-simulator';

const MODEL = 'rollout';
const params = (version: number) => fastRolloutParams(MODEL, version);
const CEILING_MS = 240_000;
// RECORD_HISTORIES=1 writes the promoted and rolled-back runs where the replay test reads them.
const HISTORIES = process.env.RECORD_HISTORIES === '1' ? join(__dirname, '..', '..', 'histories', 'production') : undefined;

/** An Update refused by its validator, with the validator's message. */
const refused = (pattern: RegExp) => (err: unknown) => err instanceof WorkflowUpdateFailedError && pattern.test(err.cause?.message ?? '');

describe('deploy_model on the real stack: shadow, canary steps, promote or roll back', () => {
  let stack: RealStack;
  let registry: ModelRegistry;
  let traffic: TrafficSimulator;

  before(async () => {
    stack = await startRealStack({
      queues: ['cpu'],
      seed: false,
      async prepare(deps) {
        const r = new ModelRegistry(deps.pool);
        for (let v = 1; v <= 5; v++) await r.registerVersion(registration(MODEL, `rollout-test-v${v}/register_model`));
        await r.promoteToChampion(MODEL, 1, { actor: 'test', reason: 'the champion the rollouts are compared with' });
      },
    });
    registry = new ModelRegistry(stack.pg.pool);
    // v3 answers against the moderators' labels: the deliberately worse challenger.
    traffic = new TrafficSimulator(stack.pg.pool, MODEL, { 1: 'good', 2: 'good', 3: 'inverted', 4: 'good', 5: 'good' });
    await traffic.start();
  });
  after(async () => {
    await traffic?.stop();
    await stack?.stop();
  });

  async function deploy(version: number) {
    await registry.markChallenger(MODEL, version, { actor: 'test', reason: 'gate passed' });
    return stack.env.client.workflow.start('deploy_model', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: deployWorkflowId(MODEL, version),
      args: [{ params: params(version) }],
    });
  }
  const finished = (result: DagRunResult) => result.tasks.finish_rollout?.output as FinishedRollout;
  const splitsOf = async (version: number) =>
    (await trafficHistory(stack.pg.pool, MODEL))
      .filter((s) => s.challenger === version)
      .map((s) => (s.mode === 'canary' ? `canary ${s.canaryPercent}%` : s.mode));
  const inShadow = (version: number) =>
    eventually(
      () => readTrafficSplit(stack.pg.pool, MODEL),
      (s) => s?.challenger === version && s.mode === 'shadow',
      CEILING_MS,
      `v${version} in shadow`,
    );

  function record(name: string, handle: { workflowId: string; firstExecutionRunId: string }): void {
    if (HISTORIES) saveHistory(stack.address, HISTORIES, name, { workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
  }

  test('a challenger as good as the champion goes shadow → 5% → 25% → 100% and is promoted by the policy', async () => {
    const handle = await deploy(2);
    const result = (await handle.result()) as DagRunResult;
    record('deploy_model-promoted', handle);
    assert.equal(result.state, 'success');
    assert.equal(result.tasks.promote_challenger?.state, 'success');
    assert.deepEqual([finished(result).decision, finished(result).outcome], ['passed', 'promoted']);
    assert.equal((await registry.getChampion(MODEL))?.version, 2);
    assert.deepEqual(await splitsOf(2), ['shadow', 'canary 5%', 'canary 25%', 'canary 100%', 'off']);
    const promoted = (await registry.statusHistory(MODEL, 2)).at(-1)!;
    assert.equal(promoted.toStatus, 'champion');
    assert.equal(promoted.actor, 'policy:deploy_model');
    assert.match(promoted.reason, /every stage passed; canary 100%: passed 5 checks/);
    assert.equal(promoted.workflowId, deployWorkflowId(MODEL, 2));
  });

  test('a challenger whose scores disagree with the feedback labels is rolled back, with the reasons recorded', async () => {
    const handle = await deploy(3);
    const result = (await handle.result()) as DagRunResult;
    record('deploy_model-rolled-back', handle);
    assert.equal(result.state, 'success', 'a rollback is an outcome, not an error');
    assert.equal(result.tasks.promote_challenger?.state, 'skipped');
    const { decision, outcome, reasons, undone } = finished(result);
    assert.deepEqual([decision, outcome], ['rolled_back', 'rolled_back']);
    assert.deepEqual(undone, ['traffic split shadow set off', 'v3 rejected']);
    assert.match(reasons.join('\n'), /shadow: agreement failed: challenger agrees with 0\.\d+ of \d+ feedback labels \(minAgreement 0\.8\)/);
    assert.match(reasons.join('\n'), /shadow: agreement_vs_champion failed: challenger agreement 0\.\d+ vs champion 0\.9\d+/);
    assert.equal((await registry.getChampion(MODEL))?.version, 2, 'the champion keeps serving');
    assert.equal((await registry.getVersion(MODEL, 3)).status, 'rejected');
    const rejected = (await registry.statusHistory(MODEL, 3)).at(-1)!;
    assert.match(rejected.reason, /^rolled back \(rolled_back\): shadow: agreement failed/);
    assert.deepEqual(await splitsOf(3), ['shadow', 'off']);
    assert.equal((await trafficHistory(stack.pg.pool, MODEL)).at(-1)?.reason, rejected.reason);
  });

  test('a paused rollout holds its stage, refuses a second pause, and an abort rolls it back naming who aborted', async () => {
    const handle = await deploy(4);
    await inShadow(4);
    await handle.executeUpdate(pauseRolloutUpdate, { args: [{ by: 'alice', reason: 'checking dashboards' }] });
    await assert.rejects(handle.executeUpdate(pauseRolloutUpdate, { args: [{ by: 'bob' }] }), refused(/already paused \(by alice/));
    // Shadow has its 40 requests within a second; unpaused, the next 15 s poke would move it to 5%.
    await new Promise((r) => setTimeout(r, 35_000));
    assert.equal((await readTrafficSplit(stack.pg.pool, MODEL))?.mode, 'shadow');
    await handle.executeUpdate(abortRolloutUpdate, { args: [{ by: 'alice', reason: 'complaints spiked' }] });
    const result = (await handle.result()) as DagRunResult;
    record('deploy_model-paused-then-aborted', handle);
    assert.deepEqual([finished(result).decision, finished(result).reasons], ['aborted', ['aborted by alice: complaints spiked']]);
    assert.equal((await registry.getVersion(MODEL, 4)).status, 'rejected');
    const rejected = (await registry.statusHistory(MODEL, 4)).at(-1)!;
    assert.deepEqual([rejected.actor, rejected.reason], ['alice', 'rolled back (aborted): aborted by alice: complaints spiked']);
    assert.deepEqual(await splitsOf(4), ['shadow', 'off']);
  });

  test('markChallenger with deploy starts the rollout under its key once, and promote now promotes with who asked', async () => {
    const activities = createRegistryActivities({ ...stack.deps, client: stack.env.client });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    const mark = () =>
      env.run(activities.markChallenger, {
        model: MODEL,
        version: 5,
        actor: 'test',
        reason: 'gate passed',
        deploy: { params: params(5) },
      }) as Promise<MarkChallengerResult>;
    const first = await mark();
    assert.deepEqual(first.deployment, { workflowId: 'deploy_model/rollout/v5', outcome: 'started' });
    assert.deepEqual((await mark()).deployment, { workflowId: 'deploy_model/rollout/v5', outcome: 'already running' });
    await inShadow(5);
    const handle = stack.env.client.workflow.getHandle(deployWorkflowId(MODEL, 5));
    await handle.executeUpdate(promoteNowUpdate, { args: [{ by: 'bob', reason: 'the fix is urgent' }] });
    await assert.rejects(handle.executeUpdate(abortRolloutUpdate, { args: [{ by: 'carol' }] }), refused(/already ending: promote now asked by bob/));
    const result = (await handle.result()) as DagRunResult;
    assert.deepEqual([finished(result).decision, finished(result).outcome], ['promote_now', 'promoted']);
    assert.equal((await registry.getChampion(MODEL))?.version, 5);
    const promoted = (await registry.statusHistory(MODEL, 5)).at(-1)!;
    assert.deepEqual([promoted.toStatus, promoted.actor, promoted.reason], ['champion', 'bob', 'promoted now by bob: the fix is urgent']);
    assert.deepEqual(await splitsOf(5), ['shadow', 'off']);
  });
});
