import { defineDag } from '../../common/dag';
import { durationMs } from '../../common/dag/duration';
import { STORAGE_STEP_RETRIES } from '../../common/retry-policies';
import type { AllActivities } from '../../activities';
import { DEPLOY_FAILURE_TYPES } from './deploy-failure-types';
import { DeployModelParamsSchema } from './deploy-model-params';
import { deployWorkflowId } from './deploy-workflow-id';
import { ROLLOUT_POKE_INTERVAL, ROLLOUT_TIMEOUT } from './rollout-timing';

/**
 * deploy_model: progressive delivery of a challenger. Shadow (the challenger scores every request,
 * its answers are not returned), then canary at each step of `steps`; each stage is analysed, once
 * it has seen enough traffic and baked, against the champion: agreement with moderators' feedback,
 * score drift (PSI), error rate, p99 latency. Every stage passing promotes the challenger; a
 * failed analysis, a stage without enough traffic within `stepTimeout` or an abort rolls it back.
 *
 * Started when a version becomes challenger (markChallenger with `deploy`) or by hand
 * (`factory run deploy_model --param version=7`), under the key `deploy_model/<model>/v<version>`.
 * Operators steer it with the Updates pauseRollout, resumeRollout, promoteNow and abortRollout
 * (workflows/deploy/rollout-control.ts); failRun also rolls back, through finish_rollout.
 */
export const deployModelDag = defineDag<AllActivities>()({
  id: 'deploy_model',
  summary: 'Progressive delivery of a challenger: shadow, canary steps with analysis at each, then promote or roll back.',
  docs: 'A rolled-back challenger is an outcome (finish_rollout says why; the registry and the traffic history keep it), not an error.',
  params: DeployModelParamsSchema,
  runKey: ({ params }) => deployWorkflowId(params.modelName, params.version),
  defaults: {
    // Every step reads or writes PostgreSQL: ride out minutes of outage instead of failing the rollout.
    ...STORAGE_STEP_RETRIES,
    startToCloseTimeout: '2m',
    queue: 'cpu',
    nonRetryableErrorTypes: Object.values(DEPLOY_FAILURE_TYPES),
  },
})
  .activity('prepare_rollout', {
    activity: 'prepareRollout',
    input: ({ params }) => ({ model: params.modelName, version: params.version }),
  })
  .activity('start_shadow', {
    deps: ['prepare_rollout'],
    activity: 'setRolloutTraffic',
    input: ({ upstream: { prepare_rollout: p } }) => ({
      model: p.model,
      challenger: p.challenger,
      mode: 'shadow',
      canaryPercent: 0,
      reason: `shadow: v${p.challenger} scores every request beside champion v${p.champion}; its answers are not returned`,
    }),
  })
  // A durable timer between short pokes: no worker slot is held while traffic accumulates, and a
  // worker restart loses nothing (each poke reads the stage from the traffic split).
  .sensor('run_rollout', {
    deps: ['prepare_rollout', 'start_shadow'],
    activity: 'advanceRollout',
    pokeInterval: ROLLOUT_POKE_INTERVAL,
    timeout: ROLLOUT_TIMEOUT,
    input: ({ params, upstream }) => ({
      model: params.modelName,
      champion: upstream.prepare_rollout.champion,
      challenger: upstream.prepare_rollout.challenger,
      rolloutStartedAt: upstream.start_shadow.updatedAt,
      steps: params.steps,
      analysis: params.analysis,
      bakeTimeMs: durationMs(params.bakeTime),
      stepTimeoutMs: durationMs(params.stepTimeout),
    }),
  })
  .shortCircuit('rollout_passed', {
    deps: ['run_rollout'],
    condition: ({ upstream }) => upstream.run_rollout.outcome === 'passed' || upstream.run_rollout.outcome === 'promote_now',
  })
  .activity('promote_challenger', {
    deps: ['rollout_passed', 'prepare_rollout', 'run_rollout'],
    activity: 'promoteRollout',
    input: ({ upstream: { prepare_rollout: p, run_rollout: r } }) => ({
      model: p.model,
      challenger: p.challenger,
      expectedChampion: p.champion,
      actor: r.by,
      reason: r.reasons.join('; ').slice(0, 2_000),
    }),
  })
  // Whatever ended the rollout, a challenger that was not promoted is rolled back here.
  .teardown('finish_rollout', {
    deps: ['prepare_rollout', 'run_rollout', 'promote_challenger'],
    activity: 'finishRollout',
    input: ({ params, upstream: { prepare_rollout: p, run_rollout: r, promote_challenger: promoted } }) => ({
      model: params.modelName,
      ...(p ? { challenger: p.challenger } : {}),
      promoted: promoted !== undefined || r?.outcome === 'promoted_elsewhere',
      ...(r?.outcome ? { outcome: r.outcome, actor: r.by } : {}),
      reasons: r?.reasons ?? [],
    }),
  })
  .build();
