import { ApplicationFailure } from '@temporalio/common';
import { ModelRegistry } from '../../lib/registry';
import { readTrafficSplit, setTrafficSplit } from '../../lib/serving/traffic-store';
import { DEPLOY_FAILURE_TYPES } from '../../workflows/deploy/deploy-failure-types';
import { parseInput } from '../data/data-inputs';
import { callerWorkflowId, nonRetryableOnBusinessError, rolloutActor, type DeployActivityDeps } from './deploy-deps';
import {
  FinishRolloutInputSchema,
  PrepareRolloutInputSchema,
  PromoteRolloutInputSchema,
  SetRolloutTrafficInputSchema,
  type FinishRolloutInput,
  type PrepareRolloutInput,
  type PromoteRolloutInput,
  type SetRolloutTrafficInput,
} from './deploy-inputs';

export interface PreparedRollout {
  model: string;
  champion: number;
  challenger: number;
}

export interface RolloutTraffic {
  mode: 'off' | 'shadow' | 'canary';
  canaryPercent: number;
  /** When the split took these values (the database's clock). */
  updatedAt: string;
}

export interface FinishedRollout {
  outcome: 'promoted' | 'rolled_back' | 'not_started';
  /** What run_rollout decided; null when the run stopped before a decision. */
  decision: FinishRolloutInput['outcome'] | null;
  reasons: string[];
  /** What was undone: the split set off, the version rejected. */
  undone: string[];
}

const ROLLOUT_STATUSES = ['registered', 'challenger'];

/** The activities of deploy_model besides the poke: set up, promote, and the one place that undoes a rollout. */
export function createRolloutTraffic({ pool, logger }: DeployActivityDeps) {
  const registry = new ModelRegistry(pool);
  const refuse = (message: string) => ApplicationFailure.nonRetryable(message, DEPLOY_FAILURE_TYPES.rolloutRefused);

  return {
    /** prepare_rollout: the version is the model's challenger and there is another champion to compare it with. */
    async prepareRollout(input: PrepareRolloutInput): Promise<PreparedRollout> {
      const { model, version } = parseInput(PrepareRolloutInputSchema, input, 'prepareRollout', DEPLOY_FAILURE_TYPES.invalidInput);
      const candidate = await nonRetryableOnBusinessError(() => registry.getVersion(model, version));
      const champion = await nonRetryableOnBusinessError(() => registry.getChampion(model));
      if (!champion) throw refuse(`model "${model}" has no champion to compare v${version} with: promote the first version directly`);
      if (champion.version === version) throw refuse(`v${version} of model "${model}" is already the champion`);
      if (candidate.status !== 'challenger') {
        throw refuse(`v${version} of model "${model}" is ${candidate.status}, not challenger: only a challenger is rolled out (registry markChallenger)`);
      }
      return { model, champion: champion.version, challenger: version };
    },

    /** start_shadow (and any split the DAG sets by itself); idempotent: the same split twice writes one history row. */
    async setRolloutTraffic(input: SetRolloutTrafficInput): Promise<RolloutTraffic> {
      const s = parseInput(SetRolloutTrafficInputSchema, input, 'setRolloutTraffic', DEPLOY_FAILURE_TYPES.invalidInput);
      const split = await nonRetryableOnBusinessError(() =>
        setTrafficSplit(pool, {
          model: s.model,
          challenger: s.challenger,
          mode: s.mode,
          canaryPercent: s.canaryPercent,
          updatedBy: rolloutActor(),
          reason: s.reason,
        }),
      );
      logger.info({ modelName: s.model, modelVersion: s.challenger, mode: s.mode, canaryPercent: s.canaryPercent }, 'traffic split set');
      return { mode: split.mode, canaryPercent: split.canaryPercent, updatedAt: split.updatedAt };
    },

    /** promote_challenger: champion moves (with the actor and reason), then traffic goes back to one version. */
    async promoteRollout(input: PromoteRolloutInput): Promise<{ from: number | null; to: number | null; changed: boolean }> {
      const p = parseInput(PromoteRolloutInputSchema, input, 'promoteRollout', DEPLOY_FAILURE_TYPES.invalidInput);
      const workflowId = callerWorkflowId();
      const move = await nonRetryableOnBusinessError(() =>
        registry.promoteToChampion(p.model, p.challenger, { actor: p.actor, reason: p.reason, expectedChampion: p.expectedChampion, workflowId }),
      );
      await nonRetryableOnBusinessError(() =>
        setTrafficSplit(pool, {
          model: p.model,
          challenger: p.challenger,
          mode: 'off',
          canaryPercent: 0,
          updatedBy: rolloutActor(),
          reason: `v${p.challenger} promoted to champion by ${p.actor}: ${p.reason}`,
        }),
      );
      logger.info({ modelName: p.model, modelVersion: p.challenger, from: move.from, changed: move.changed }, 'rollout promoted');
      return { from: move.from, to: move.to, changed: move.changed };
    },

    /**
     * finish_rollout (teardown): a rollout that did not promote is undone: the split goes off and
     * the version is rejected with the reasons, whatever ended it (a failed analysis, an abort, a
     * failed task, failRun, cancellation). Idempotent: what is already undone is left alone.
     */
    async finishRollout(input: FinishRolloutInput): Promise<FinishedRollout> {
      const f = parseInput(FinishRolloutInputSchema, input, 'finishRollout', DEPLOY_FAILURE_TYPES.invalidInput);
      const decision = f.outcome ?? null;
      if (f.challenger === undefined) return { outcome: 'not_started', decision, reasons: ['prepare_rollout did not pass: nothing was changed'], undone: [] };
      const challenger = f.challenger;
      const reasons = f.reasons.length > 0 ? f.reasons : ['the rollout stopped before a decision (failRun, a failed task or cancellation)'];
      const reason = f.promoted
        ? `v${challenger} is champion: ${reasons.join('; ')}`.slice(0, 2_000)
        : `rolled back${f.outcome ? ` (${f.outcome})` : ''}: ${reasons.join('; ')}`.slice(0, 2_000);
      const actor = f.actor ?? rolloutActor();
      const undone: string[] = [];
      const split = await readTrafficSplit(pool, f.model);
      // Also after a promotion made outside the rollout: traffic goes back to one version.
      if (split && split.challenger === challenger && split.mode !== 'off') {
        await nonRetryableOnBusinessError(() =>
          setTrafficSplit(pool, { model: f.model, challenger, mode: 'off', canaryPercent: 0, updatedBy: rolloutActor(), reason }),
        );
        undone.push(`traffic split ${split.mode === 'canary' ? `canary ${split.canaryPercent}%` : split.mode} set off`);
      }
      if (f.promoted) return { outcome: 'promoted', decision, reasons: f.reasons, undone };
      const version = await nonRetryableOnBusinessError(() => registry.getVersion(f.model, challenger));
      if (ROLLOUT_STATUSES.includes(version.status)) {
        await nonRetryableOnBusinessError(() => registry.rejectVersion(f.model, challenger, { actor, reason, workflowId: callerWorkflowId() }));
        undone.push(`v${challenger} rejected`);
      }
      logger.info({ modelName: f.model, modelVersion: challenger, outcome: f.outcome, undone }, 'rollout rolled back');
      return { outcome: 'rolled_back', decision, reasons, undone };
    },
  };
}
