import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import type { MarkChallengerResult } from '../../../activities/registry';
import { prepareRun, startPrepared } from '../../../client/start-run';
import { outcomeOf, type DagRunResult } from '../../../common/dag';
import { SEARCH_ATTRIBUTES } from '../../../common/search-attributes';
import { TASK_QUEUES } from '../../../common/task-queues';
import { ModelRegistry } from '../../../lib/registry';
import { readTrafficSplit } from '../../../lib/serving/traffic-store';
import { DeployModelParamsSchema, deployWorkflowId } from '../../../workflows/deploy';
import { saveHistory } from '../../replay/save-history';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { eventually } from '../dag/harness';

const MODEL = 'progressive';
const WEEK_BEFORE = '2002-09-23T03:00:00Z';
const LOGICAL_DATE = '2002-09-30T03:00:00Z';
// About the hand-over, not model quality: few epochs and a gate every candidate passes.
const FAST = { epochs: 2, gate: { minimum: { f1: 0.5, rocAuc: 0.5 }, maxRegression: {} } };
const DEPLOY_PARAMS = { steps: [50, 100], analysis: { minRequests: 40, minLabelled: 20 }, bakeTime: '1s', stepTimeout: '10m' };
const CEILING_MS = 240_000;
// RECORD_HISTORIES=1 writes the progressive run where test/replay/production-histories.test.ts reads it.
const HISTORIES = process.env.RECORD_HISTORIES === '1' ? join(__dirname, '..', '..', 'histories', 'production') : undefined;

describe('weekly_retraining with delivery "progressive" on the real stack', () => {
  let stack: RealStack;
  let registry: ModelRegistry;

  before(async () => {
    stack = await startRealStack();
    registry = new ModelRegistry(stack.pg.pool);
  });
  after(() => stack?.stop());

  async function run(params: Record<string, unknown>, logicalDate: string) {
    const started = await startPrepared(stack.env.client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params, logicalDate }));
    const result = (await stack.env.client.workflow.getHandle(started.workflowId, started.runId).result()) as DagRunResult;
    return { started, result };
  }

  test('hands the new challenger to deploy_model/<model>/v<version> and does not move champion itself', async () => {
    // deploy_model compares a challenger with the champion: the week before makes one, directly.
    const first = await run({ modelName: MODEL, ...FAST }, WEEK_BEFORE);
    assert.equal(first.result.tasks.promote_auto?.state, 'success', JSON.stringify(first.result.tasks.gate_model));
    assert.equal((await registry.getChampion(MODEL))?.version, 1);

    const { started, result } = await run({ modelName: MODEL, ...FAST, delivery: 'progressive', deployParams: DEPLOY_PARAMS }, LOGICAL_DATE);
    if (HISTORIES) saveHistory(stack.address, HISTORIES, 'weekly_retraining-progressive-handed-over', started);
    assert.equal(result.state, 'success');
    assert.equal((result.tasks.register_model?.output as { version: number }).version, 2);
    const rolloutId = deployWorkflowId(MODEL, 2);
    const marked = result.tasks.mark_challenger?.output as MarkChallengerResult;
    assert.deepEqual(marked.deployment, { workflowId: rolloutId, outcome: 'started' });
    // Neither promotion path ran: the rollout decides.
    assert.deepEqual(result.tasks.choose_approval?.output, []);
    for (const task of ['auto_approve', 'approve_promotion', 'promote_auto', 'promote_approved']) {
      assert.equal(result.tasks[task]?.state, 'skipped', `${task}: ${JSON.stringify(result.tasks[task])}`);
    }
    const outcome = result.tasks.record_outcome?.output as { outcome: string; reason: string };
    assert.equal(outcome.reason, `rollout handed to ${rolloutId}: it promotes the challenger or rolls it back`);
    assert.equal(outcome.outcome, 'handed_over');
    // The run's own outcome (the Outcome search attribute, the console's column) says so too.
    assert.deepEqual(outcomeOf('COMPLETED', result).outcome, 'handed_over');
    const described = await stack.env.client.workflow.getHandle(started.workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.outcome), 'handed_over');

    // The registry: v1 still champion, v2 challenger (record_outcome did not reject it under the rollout).
    assert.equal((await registry.getChampion(MODEL))?.version, 1);
    assert.equal((await registry.getVersion(MODEL, 2)).status, 'challenger');
    assert.equal((await registry.getAlias(MODEL, 'challenger')).version, 2);

    // The rollout exists, was given the run's deploy params, and took v2 into shadow.
    const rollout = stack.env.client.workflow.getHandle(rolloutId);
    const description = await rollout.describe();
    assert.ok(['RUNNING', 'COMPLETED'].includes(description.status.name), description.status.name);
    const history = await rollout.fetchHistory();
    const startInput = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.ok(startInput, 'deploy_model was started with an input');
    const { params } = defaultPayloadConverter.fromPayload<{ params: Record<string, unknown> }>(startInput);
    // Parsed when the retraining started: deploy_model's defaults fill what the run left out.
    assert.deepEqual(params, DeployModelParamsSchema.parse({ ...DEPLOY_PARAMS, modelName: MODEL, version: 2 }));
    await eventually(
      () => readTrafficSplit(stack.pg.pool, MODEL),
      (split) => split?.challenger === 2 && split.mode === 'shadow',
      CEILING_MS,
    );
    // Nothing sends it traffic here: end the rollout so the workers stop cleanly.
    await rollout.terminate('test over');
  });

  test('deployParams are refused at the start, with their path, when the rollout they describe is invalid', () => {
    assert.throws(
      () =>
        prepareRun('weekly_retraining', { params: { modelName: MODEL, delivery: 'progressive', deployParams: { steps: [25, 5] } }, logicalDate: LOGICAL_DATE }),
      /deployParams\.steps\.1/,
    );
  });
});
