import { formatDuration } from '../../common/dag/duration';
import { analyseStage, missingTraffic, type StageAnalysis } from '../../lib/monitoring';
import { ModelRegistry } from '../../lib/registry';
import { predictionStats } from '../../lib/serving/prediction-stats';
import { readTrafficSplit, setTrafficSplit } from '../../lib/serving/traffic-store';
import { DEPLOY_FAILURE_TYPES } from '../../workflows/deploy/deploy-failure-types';
import { parseInput } from '../data/data-inputs';
import { controlReader, nonRetryableOnBusinessError, rolloutActor, type DeployActivityDeps } from './deploy-deps';
import { AdvanceRolloutInputSchema, type AdvanceRolloutInput } from './deploy-inputs';
import { describeSplit, stageName, stageOf } from './rollout-stages';

export type RolloutOutcome = 'passed' | 'promote_now' | 'rolled_back' | 'aborted' | 'promoted_elsewhere';

/** One poke of the rollout. `done: false` waits for the next poke; `done: true` ends the sensor. */
export interface RolloutPoke {
  done: boolean;
  /** Set when done. */
  outcome: RolloutOutcome | null;
  /** The stage the rollout is in (or ended in): `shadow`, `canary 25%`. */
  stage: string;
  /** Who decided the outcome: this rollout's policy or the operator who asked. */
  by: string;
  /** Why: the failed checks, what is still missing, the operator's reason. */
  reasons: string[];
  /** The last stage analysis, when one ran in this poke. */
  analysis: StageAnalysis | null;
  paused: boolean;
}

/**
 * advance_rollout, the poke of deploy_model's `run_rollout` sensor: reads the operators' commands,
 * the traffic split and the prediction log, and makes at most one move: analyse the stage and set
 * the next one, or end with an outcome. Every move is idempotent (the split says which stage the
 * rollout is in; setting a split it already has writes nothing), so a retry after a crash makes
 * the same move once. Rolling back is finish_rollout's job, the one place that undoes a rollout.
 */
export function createAdvanceRollout(deps: DeployActivityDeps) {
  const { pool, logger, now = () => new Date() } = deps;
  const registry = new ModelRegistry(pool);
  const readControl = controlReader(deps);
  return async function advanceRollout(input: AdvanceRolloutInput): Promise<RolloutPoke> {
    const valid = parseInput(AdvanceRolloutInputSchema, input, 'advanceRollout', DEPLOY_FAILURE_TYPES.invalidInput);
    const { model, champion, challenger, steps, analysis } = valid;
    const policy = 'policy:deploy_model';
    const base = { analysis: null, paused: false };
    const control = await readControl();
    const split = await readTrafficSplit(pool, model);
    const stage = stageOf(split, challenger, steps);
    const name = stage === undefined ? describeSplit(split) : stageName(stage, steps);
    const end = (outcome: RolloutOutcome, by: string, reasons: string[], result: StageAnalysis | null = null): RolloutPoke => {
      logger.info({ modelName: model, modelVersion: challenger, outcome, stage: name }, 'rollout decided');
      return { ...base, done: true, outcome, stage: name, by, reasons, analysis: result };
    };

    if (control.abort) return end('aborted', control.abort.by, [`aborted by ${control.abort.by}: ${control.abort.reason}`]);
    const current = await nonRetryableOnBusinessError(() => registry.getChampion(model));
    if (current?.version === challenger) return end('promoted_elsewhere', policy, [`v${challenger} became champion outside this rollout`]);
    if (control.promoteNow) return end('promote_now', control.promoteNow.by, [`promoted now by ${control.promoteNow.by}: ${control.promoteNow.reason}`]);
    if (current?.version !== champion) {
      const who = current ? `v${current.version}` : 'no champion';
      return end('rolled_back', policy, [`the champion changed during the rollout (v${champion} → ${who}): the analysis compared with v${champion}`]);
    }
    if (stage === undefined) return end('rolled_back', policy, [`the traffic split was changed outside this rollout: ${describeSplit(split)}`]);
    if (control.paused)
      return { ...base, done: false, outcome: null, stage: name, by: control.paused.by, reasons: [`paused by ${control.paused.by}`], paused: true };

    // A resume restarts the stage's window: traffic seen before a pause is not judged after it.
    const stageStart = new Date(Math.max(Date.parse(split!.updatedAt), control.resumed ? Date.parse(control.resumed.at) : 0));
    const age = now().getTime() - stageStart.getTime();
    const challengerStats = await predictionStats(pool, {
      model,
      version: challenger,
      role: 'challenger',
      shadow: stage === 0,
      since: stageStart.toISOString(),
    });
    const missing = missingTraffic(challengerStats, analysis);
    if (missing.length > 0) {
      if (age > valid.stepTimeoutMs) {
        return end('rolled_back', policy, [`${name} saw ${missing.join(' and ')} within stepTimeout ${formatDuration(valid.stepTimeoutMs)}`]);
      }
      return { ...base, done: false, outcome: null, stage: name, by: policy, reasons: [`waiting for ${missing.join(' and ')}`] };
    }
    if (age < valid.bakeTimeMs) {
      return {
        ...base,
        done: false,
        outcome: null,
        stage: name,
        by: policy,
        reasons: [`baking: ${formatDuration(age)} of ${formatDuration(valid.bakeTimeMs)}`],
      };
    }
    const championStats = await predictionStats(pool, { model, version: champion, role: 'champion', shadow: false, since: valid.rolloutStartedAt });
    const result = analyseStage(challengerStats, championStats, analysis);
    if (!result.passed)
      return end(
        'rolled_back',
        policy,
        result.reasons.map((r) => `${name}: ${r}`),
        result,
      );
    if (stage === steps.length) return end('passed', policy, [`every stage passed; ${name}: ${result.reasons.join('; ')}`], result);
    const next = steps[stage]!;
    await nonRetryableOnBusinessError(() =>
      setTrafficSplit(pool, {
        model,
        challenger,
        mode: 'canary',
        canaryPercent: next,
        updatedBy: rolloutActor(),
        reason: `${name} passed (${result.checks.map((c) => c.detail).join('; ')}); next: canary ${next}%`,
      }),
    );
    logger.info({ modelName: model, modelVersion: challenger, stage: name, next }, 'rollout stage passed');
    return { ...base, done: false, outcome: null, stage: stageName(stage + 1, steps), by: policy, reasons: [`${name} passed`], analysis: result };
  };
}
