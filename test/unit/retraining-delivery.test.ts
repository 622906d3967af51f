import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DagParamsError, parseDagParams, type ActivityTaskSpec, type BranchTaskSpec, type RunContext, type TaskSpec } from '../../common/dag';
import { DeployModelParamsSchema } from '../../workflows/deploy';
import { weeklyRetrainingDag, WeeklyRetrainingParamsSchema } from '../../workflows/retraining';

const RUN: RunContext = {
  dagId: 'weekly_retraining',
  workflowId: 'weekly_retraining/spam/2002-W40',
  runId: 'r',
  logicalDate: '2002-09-30T03:00:00.000Z',
  dataInterval: { start: '2002-09-23T00:00:00.000Z', end: '2002-09-30T00:00:00.000Z' },
  runKind: 'scheduled',
  logicalDateSource: 'schedule',
  dagVersion: 1,
  runScope: 'weekly_retraining/spam/2002-W40/r',
};
const REGISTERED = { model: 'spam', version: 7 };
const GATE_PASSED = { passed: true, reasons: [], checks: [] };

function task<K extends TaskSpec['kind']>(id: string, kind: K): Extract<TaskSpec, { kind: K }> {
  const found = weeklyRetrainingDag.tasks.find((t) => t.id === id);
  assert.equal(found?.kind, kind, `${id} is a ${kind} task`);
  return found as Extract<TaskSpec, { kind: K }>;
}

function ctx(params: Record<string, unknown>, upstream: Record<string, unknown>) {
  return { params: WeeklyRetrainingParamsSchema.parse(params), upstream, run: RUN };
}

function refusal(params: Record<string, unknown>): string {
  try {
    parseDagParams('weekly_retraining', WeeklyRetrainingParamsSchema, params);
  } catch (err) {
    if (err instanceof DagParamsError) return err.message;
    throw err;
  }
  assert.fail(`params were accepted: ${JSON.stringify(params)}`);
}

describe('weekly_retraining delivery: direct (default) or progressive through deploy_model', () => {
  test("a run without the param delivers directly, as every run before it did, and carries deploy_model's defaults unused", () => {
    const params = WeeklyRetrainingParamsSchema.parse({});
    assert.equal(params.delivery, 'direct');
    const { modelName: _model, version: _version, ...rolloutDefaults } = DeployModelParamsSchema.parse({ version: 1 });
    assert.deepEqual(params.deployParams, rolloutDefaults);
  });

  test("progressive takes deploy_model's own fields, with deploy_model's defaults for those left out", () => {
    const params = WeeklyRetrainingParamsSchema.parse({ delivery: 'progressive', deployParams: { steps: [10, 100], analysis: { minRequests: 40 } } });
    assert.deepEqual(params.deployParams?.steps, [10, 100]);
    assert.equal(params.deployParams?.analysis.minRequests, 40);
    assert.equal(params.deployParams?.analysis.minAgreement, 0.8);
    assert.equal(params.deployParams?.stepTimeout, '4h');
  });

  test('a rollout deploy_model would refuse is refused when the run starts, naming the field under deployParams', () => {
    const message = refusal({ delivery: 'progressive', deployParams: { steps: [25, 5], stepTimeout: '10h', version: 3 } });
    assert.match(message, /params\.deployParams\.steps\.1: greater than the step before it \(25\)/);
    assert.match(message, /params\.deployParams\.version: unknown field/);
  });

  test("the stage rule across fields is checked with deploy_model's schema: stages × stepTimeout must fit the rollout", () => {
    const message = refusal({ delivery: 'progressive', deployParams: { steps: [5, 25, 100], stepTimeout: '10h' } });
    assert.match(message, /params\.deployParams\.stepTimeout: at most 4\.5h: 4 stages \(shadow and 3 steps\)/);
  });

  test('deployParams with delivery direct are accepted and unused: the trigger form sends every object param filled', () => {
    const mark = task('mark_challenger', 'activity') as ActivityTaskSpec;
    assert.deepEqual(mark.input?.(ctx({ deployParams: { steps: [5, 100] } }, { register_model: REGISTERED })), REGISTERED);
  });

  test("mark_challenger asks the registry to start deploy_model only when progressive, with the run's deploy params", () => {
    const mark = task('mark_challenger', 'activity') as ActivityTaskSpec;
    assert.deepEqual(mark.input?.(ctx({}, { register_model: REGISTERED })), REGISTERED);
    const handed = mark.input?.(ctx({ delivery: 'progressive', deployParams: { steps: [50, 100] } }, { register_model: REGISTERED })) as {
      deploy?: { params: { steps: number[] } };
    };
    assert.deepEqual(handed.deploy?.params.steps, [50, 100]);
    const byDefault = mark.input?.(ctx({ delivery: 'progressive' }, { register_model: REGISTERED })) as { deploy?: { params: { steps: number[] } } };
    assert.deepEqual(byDefault.deploy?.params.steps, [5, 25, 100]);
  });

  test('choose_approval takes neither promotion path when progressive, and the same paths as before otherwise', () => {
    const choose = (task('choose_approval', 'branch') as BranchTaskSpec).choose;
    assert.equal(choose(ctx({}, {})), 'auto_approve');
    assert.equal(choose(ctx({ approval: 'manual' }, {})), 'approve_promotion');
    assert.deepEqual(choose(ctx({ delivery: 'progressive', approval: 'manual' }, {})), []);
  });

  test('record_outcome names the rollout and hands the challenger over (not rejected) when progressive', () => {
    const record = task('record_outcome', 'activity') as ActivityTaskSpec;
    const upstream = { register_model: REGISTERED, gate_model: GATE_PASSED, validate_dataset: { passed: true, failures: [] } };
    assert.deepEqual(record.input?.(ctx({ delivery: 'progressive' }, upstream)), {
      model: 'spam',
      version: 7,
      promoted: false,
      reason: 'rollout handed to deploy_model/spam/v7: it promotes the challenger or rolls it back',
      actor: 'policy:gate',
      handedOver: 'deploy_model/spam/v7',
    });
    // A gate failure is the outcome whatever the delivery: the candidate is rejected as before.
    const gateFailed = { ...upstream, gate_model: { passed: false, reasons: ['f1 too low'], checks: [] } };
    assert.deepEqual(record.input?.(ctx({ delivery: 'progressive' }, gateFailed)), {
      model: 'spam',
      version: 7,
      promoted: false,
      reason: 'gate failed: f1 too low',
      actor: 'policy:gate',
    });
    assert.deepEqual(record.input?.(ctx({}, { ...upstream, promote_auto: { changed: true } })), {
      model: 'spam',
      version: 7,
      promoted: true,
      reason: 'promoted',
      actor: 'policy:gate',
    });
  });
});
