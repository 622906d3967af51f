import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCpuActivities, type ActivityDeps } from '../../../activities';
import { runWorkflowId } from '../../../client';
import { parseDagParams, validateDag } from '../../../common/dag';
import { deployModelDag, deployWorkflowId } from '../../../workflows/deploy';

// Only the activity names matter here; the factories do not touch their deps when building.
const registeredActivities = Object.keys(createCpuActivities({} as ActivityDeps));
const parse = (params: unknown) => parseDagParams('deploy_model', deployModelDag.params, params);

describe('deploy_model DAG', () => {
  test('imports, validates and names only activities the cpu worker registers', () => {
    validateDag(deployModelDag, { registeredActivities });
  });

  test('reads as the pipeline: prepare, shadow, the rollout sensor, promote when it passed, and a teardown that rolls back', () => {
    assert.deepEqual(
      deployModelDag.tasks.map((t) => [t.id, t.kind, t.teardown]),
      [
        ['prepare_rollout', 'activity', false],
        ['start_shadow', 'activity', false],
        ['run_rollout', 'sensor', false],
        ['rollout_passed', 'short_circuit', false],
        ['promote_challenger', 'activity', false],
        ['finish_rollout', 'activity', true],
      ],
    );
  });

  test('one rollout per model version, whoever starts it', () => {
    assert.equal(runWorkflowId('deploy_model', parse({ modelName: 'spam', version: 7 }), '2026-12-01T00:00:00Z'), 'deploy_model/spam/v7');
    assert.equal(deployWorkflowId('spam', 7), 'deploy_model/spam/v7');
  });

  test('defaults to shadow, 5%, 25%, 100% with the documented analysis limits', () => {
    assert.deepEqual(parse({ version: 3 }), {
      modelName: 'spam',
      version: 3,
      steps: [5, 25, 100],
      analysis: { minRequests: 500, minLabelled: 50, minAgreement: 0.8, maxAgreementDrop: 0.05, maxScorePsi: 0.25, maxErrorRate: 0.01, maxP99Ms: 500 },
      bakeTime: '5m',
      stepTimeout: '4h',
    });
  });

  test('refuses steps that do not increase, naming the step and its value', () => {
    assert.throws(() => parse({ version: 3, steps: [5, 50, 25] }), /params\.steps\.2: greater than the step before it \(50\), as steps increase \(got 25\)/);
  });

  test('refuses a stepTimeout whose stages outlast the rollout sensor, saying the largest that fits', () => {
    assert.throws(() => parse({ version: 3, stepTimeout: '6h' }), /stepTimeout.*at most 4\.5h: 4 stages/s);
  });

  test('refuses a misspelt threshold instead of dropping it', () => {
    assert.throws(() => parse({ version: 3, analysis: { maxP99: 100 } }), /maxP99/);
  });

  test('requires the version to roll out', () => {
    assert.throws(() => parse({}), /version/);
  });
});
