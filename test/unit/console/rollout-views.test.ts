import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FactoryClient } from '../../../client/factory-client';
import { act } from '../../../console/views/actions';
import { buildRolloutView, rolloutSubject, stageOf } from '../../../console/views/rollout-detail';
import type { ConsoleDeps, TrafficSplit } from '../../../console/views/types';
import type { OperatorRequest, RolloutControl } from '../../../workflows/deploy/rollout-control';

const NONE: RolloutControl = { paused: null, resumed: null, promoteNow: null, abort: null };
const alice = { by: 'alice', reason: 'checking dashboards', at: '2026-12-01T10:00:00.000Z' };
const split = (mode: TrafficSplit['mode'], challenger: number | null, canaryPercent = 0): TrafficSplit => ({
  model: 'spam',
  challenger,
  mode,
  canaryPercent,
  updatedBy: 'workflow:deploy_model/spam/v7',
  reason: 'shadow: passed 5 checks',
  updatedAt: '2026-12-01T09:00:00.000Z',
});
const open = { closed: false, status: 'running' as const };

describe('the rollout panel of a deploy_model run', () => {
  test('reads the model and version from the rollout business key and nothing else', () => {
    assert.deepEqual(rolloutSubject('deploy_model/spam/v7'), { model: 'spam', version: 7 });
    assert.equal(rolloutSubject('deploy_model/spam/v0'), undefined);
    assert.equal(rolloutSubject('weekly_retraining/spam/2002-W39'), undefined);
  });

  test('names the stage of this version: shadow, canary with its percent, or off when another version is split', () => {
    assert.equal(stageOf(split('shadow', 7), 7), 'shadow');
    assert.equal(stageOf(split('canary', 7, 25), 7), 'canary 25%');
    assert.equal(stageOf(split('canary', 8, 25), 7), 'off');
    assert.equal(stageOf(null, 7), 'off');
  });

  test('offers pause, promote and abort while running, resume instead of pause while paused', () => {
    const running = buildRolloutView({ model: 'spam', version: 7 }, open, NONE, split('shadow', 7));
    assert.deepEqual([running.stage, running.actions], ['shadow', ['pause', 'promote', 'abort']]);
    const paused = buildRolloutView({ model: 'spam', version: 7 }, open, { ...NONE, paused: alice }, split('canary', 7, 5));
    assert.deepEqual([paused.stage, paused.paused?.by, paused.actions], ['canary 5%', 'alice', ['resume', 'promote', 'abort']]);
  });

  test('offers nothing once an abort or promote-now was asked, or the run has ended, and shows the decision', () => {
    const ending = buildRolloutView({ model: 'spam', version: 7 }, open, { ...NONE, abort: alice }, split('shadow', 7));
    assert.deepEqual(ending.actions, []);
    const output = { outcome: 'rolled_back', decision: 'aborted', reasons: ['aborted by alice: complaints'], undone: [] };
    const ended = buildRolloutView({ model: 'spam', version: 7 }, { closed: true, status: 'success', finishOutput: output }, undefined, split('off', null));
    assert.deepEqual([ended.stage, ended.decision, ended.reasons, ended.actions], ['off', 'aborted', ['aborted by alice: complaints'], []]);
    assert.equal(ended.unavailable, undefined, 'a closed run is not queried, and that is no failure');
  });

  test('shows a control Query that failed as unavailable and offers no action, without traffic reads no stage', () => {
    const view = buildRolloutView({ model: 'spam', version: 7 }, open, 'no worker answered the query', undefined);
    assert.deepEqual([view.unavailable, view.actions, 'stage' in view], ['no worker answered the query', [], false]);
  });
});

/** Deps whose Temporal client answers the rollout's Updates, or refuses them with `refuse`. */
function rolloutDeps(calls: string[], refuse?: string): ConsoleDeps {
  const temporal = {
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (update: { name: string }, options: { args: [OperatorRequest] }) => {
          calls.push(`${update.name} ${workflowId} ${JSON.stringify(options.args[0])}`);
          if (refuse) throw new WorkflowUpdateFailedError('Workflow Update failed', new Error(refuse));
          return { ...NONE, abort: { by: options.args[0].by, reason: options.args[0].reason ?? 'aborted by an operator', at: alice.at } };
        },
      }),
    },
  };
  const client: Partial<FactoryClient> = { temporal: temporal as unknown as Client };
  return {
    client: client as FactoryClient,
    registry: {} as ConsoleDeps['registry'],
    artifacts: {} as ConsoleDeps['artifacts'],
    temporalUiUrl: 'http://ui',
    namespace: 'default',
  };
}

describe('rollout actions from the console', () => {
  test('sends the Update in the name of the signed-in operator, with the reason', async () => {
    const calls: string[] = [];
    const result = await act(
      rolloutDeps(calls),
      { kind: 'rollout', workflowId: 'deploy_model/spam/v7', step: 'abort', reason: 'complaints' },
      { name: ' carol ', via: 'console' },
    );
    assert.deepEqual(result, { ok: true, message: 'rollout aborting by carol: complaints' });
    assert.deepEqual(calls, ['abortRollout deploy_model/spam/v7 {"by":"carol","reason":"complaints"}']);
  });

  test("shows the rollout's refusal and sends nothing for a step it does not know", async () => {
    const calls: string[] = [];
    const refused = await act(
      rolloutDeps(calls, 'the rollout is already ending: abort asked by carol at 2026-12-01T10:00:00.000Z'),
      {
        kind: 'rollout',
        workflowId: 'deploy_model/spam/v7',
        step: 'pause',
      },
      { name: 'dan', via: 'console' },
    );
    assert.deepEqual(refused, {
      ok: false,
      message: 'run "deploy_model/spam/v7" refused pauseRollout: the rollout is already ending: abort asked by carol at 2026-12-01T10:00:00.000Z',
    });
    const unknown = await act(
      rolloutDeps(calls),
      { kind: 'rollout', workflowId: 'deploy_model/spam/v7', step: 'rewind' as 'pause' },
      { name: 'dan', via: 'console' },
    );
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /step/);
    assert.equal(calls.length, 1, 'only the refused pause was sent');
  });
});
