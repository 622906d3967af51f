import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ArtifactRef } from '../../lib/artifacts';
import { ModelRegistry, RegistryError, type AliasMove, type RegisterVersionInput, type VersionStatus } from '../../lib/registry';
import { codeVersionOf, readBuildInfo, type BuildInfo } from '../../lib/build-info';
import type { ActivityDeps } from '../deps';
import type { DatasetManifest, Interval } from '../../lib/dataset';
import { trainedOnWindow } from '../../lib/training';
import { recordHoldoutMetrics } from '../../lib/metrics';
import { startDeployment, type StartedDeployment } from '../deploy/start-deployment';

/** registerModel's input: the registry input, with lineage ids filled from the activity context. */
export interface RegisterModelInput extends Omit<RegisterVersionInput, 'lineage' | 'registrationKey' | 'codeVersion'> {
  /**
   * The version of the DAG that ran, e.g. `weekly_retraining@v2`; the worker's build is appended
   * (see lib/build-info.ts), so the registry records both. `artifacts.checkpoint` is the last
   * committed checkpoint of training, kept for resuming or fine-tuning from it.
   */
  codeVersion: string;
  lineage: {
    /** The DAG task that registers, e.g. `register_model`; part of the idempotency key. */
    taskId: string;
    dagId?: string;
    logicalDate?: string;
    /** @default the calling workflow's id */
    workflowId?: string;
    /** @default the calling workflow's run id */
    runId?: string;
  };
  /** @default `${workflowId}/${taskId}`: the same step of the same workflow always finds one version. */
  registrationKey?: string;
}

export interface RegisterModelResult {
  model: string;
  version: number;
  status: VersionStatus;
  registrationKey: string;
  /** False when this key was registered by an earlier attempt. */
  created: boolean;
}

export interface VersionInput {
  model: string;
  version: number;
}

export interface DecisionInput extends VersionInput {
  /** Who decided: a person, `policy:auto`, or `timeout`. */
  actor: string;
  reason: string;
}

export interface MarkChallengerInput extends VersionInput {
  /** @default `workflow:<workflowId>` */
  actor?: string;
  /** @default 'evaluation gate passed' */
  reason?: string;
  /**
   * Starts deploy_model for the version (shadow, canary steps, promote or roll back) under
   * `deploy_model/<model>/v<version>`, with these params besides modelName and version. Without
   * it, the version only becomes challenger (weekly_retraining promotes it itself).
   */
  deploy?: { params?: Record<string, unknown> };
}

export interface MarkChallengerResult extends AliasMove {
  /** The rollout started (or found running) when `deploy` was asked for. */
  deployment?: StartedDeployment;
}

export interface PromoteModelInput extends DecisionInput {
  /** The champion the candidate was evaluated against (null: none); see ModelRegistry.promoteToChampion. */
  expectedChampion?: number | null;
}

export interface RejectCandidateResult extends VersionInput {
  status: VersionStatus;
  changed: boolean;
}

/** What evaluation needs of the current champion: small JSON, artifact refs, no bytes. */
export interface ChampionRef {
  model: string;
  version: number;
  artifacts: { model: ArtifactRef; baseline: ArtifactRef; checkpoint: ArtifactRef | null };
  metrics: Record<string, unknown>;
  params: Record<string, unknown>;
  datasetSha256: string;
  /** The champion's training snapshot, so validation can measure drift against it. */
  datasetManifest: DatasetManifest;
  codeVersion: string;
}

export interface RollbackChampionInput {
  model: string;
  /** The champion being rolled back; makes a retried rollback a no-op rather than a second move. */
  fromVersion: number;
  /** @default the champion before `fromVersion` */
  toVersion?: number;
  actor: string;
  reason: string;
}

/** Business failures fail the activity for good; anything else (PostgreSQL down) is retried. */
async function nonRetryableOnRegistryError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RegistryError) throw ApplicationFailure.nonRetryable(err.message, err.code, err.details());
    throw err;
  }
}

function callerWorkflowId(): string | undefined {
  return Context.current().info.workflowExecution?.workflowId;
}

export interface RegistryActivityDeps extends ActivityDeps {
  /** The worker's build, recorded in every registered version's code version. @default read at creation (worker start) */
  build?: BuildInfo;
  /** Starts deploy_model runs for markChallenger. @default the client of the worker running the activity */
  client?: Client;
}

/** Registry activities (cpu queue): registration and the alias moves of promotion. */
export function createRegistryActivities({ pool, logger, build = readBuildInfo(), client }: RegistryActivityDeps) {
  const registry = new ModelRegistry(pool);

  return {
    /** Idempotent: a retry, even after a crash that followed the commit, returns the same version. */
    async registerModel(input: RegisterModelInput): Promise<RegisterModelResult> {
      const { workflowExecution, activityId } = Context.current().info;
      const workflowId = input.lineage.workflowId ?? workflowExecution?.workflowId ?? activityId;
      const runId = input.lineage.runId ?? workflowExecution?.runId ?? 'standalone';
      const registrationKey = input.registrationKey ?? `${workflowId}/${input.lineage.taskId}`;
      if (typeof input.codeVersion !== 'string' || input.codeVersion.trim() === '') {
        throw ApplicationFailure.nonRetryable(
          `registerModel input is invalid: codeVersion ${JSON.stringify(input.codeVersion)}: expected the DAG version that ran, such as "weekly_retraining@v2"`,
          'InvalidInput',
        );
      }
      const codeVersion = codeVersionOf(input.codeVersion.trim(), build);
      const { version, created } = await nonRetryableOnRegistryError(() =>
        registry.registerVersion({ ...input, codeVersion, registrationKey, lineage: { ...input.lineage, workflowId, runId } }),
      );
      logger.info({ modelName: version.model, modelVersion: version.version, workflowId, created }, 'model version registered');
      recordHoldoutMetrics(version.model, version.version, input.metrics.candidate);
      return { model: version.model, version: version.version, status: version.status, registrationKey, created };
    },

    async markChallenger(input: MarkChallengerInput): Promise<MarkChallengerResult> {
      const workflowId = callerWorkflowId();
      const actor = input.actor ?? `workflow:${workflowId ?? 'unknown'}`;
      const move = await nonRetryableOnRegistryError(() =>
        registry.markChallenger(input.model, input.version, { actor, reason: input.reason ?? 'evaluation gate passed', workflowId }),
      );
      logger.info({ modelName: input.model, modelVersion: input.version, workflowId, changed: move.changed }, 'challenger marked');
      if (!input.deploy) return move;
      // After the alias moved, so the rollout finds a challenger; a retry finds the rollout by its key.
      const deployment = await startDeployment(client, {
        model: input.model,
        version: input.version,
        ...(input.deploy.params ? { params: input.deploy.params } : {}),
        startedBy: `markChallenger (${actor})`,
      });
      logger.info(
        { modelName: input.model, modelVersion: input.version, workflowId: deployment.workflowId, outcome: deployment.outcome },
        'deployment started',
      );
      return { ...move, deployment };
    },

    async promoteModel(input: PromoteModelInput): Promise<AliasMove> {
      const workflowId = callerWorkflowId();
      const { model, version, ...options } = input;
      const move = await nonRetryableOnRegistryError(() => registry.promoteToChampion(model, version, { ...options, workflowId }));
      logger.info({ modelName: model, modelVersion: version, workflowId, from: move.from, changed: move.changed }, 'champion promoted');
      return move;
    },

    async rejectCandidate(input: DecisionInput): Promise<RejectCandidateResult> {
      const workflowId = callerWorkflowId();
      const { version, changed } = await nonRetryableOnRegistryError(() =>
        registry.rejectVersion(input.model, input.version, { actor: input.actor, reason: input.reason, workflowId }),
      );
      logger.info({ modelName: input.model, modelVersion: input.version, workflowId, changed }, 'candidate rejected');
      return { model: version.model, version: version.version, status: version.status, changed };
    },

    /**
     * The current champion, or null for a model with none (its first run). `trainedOn` is the
     * interval of its training rows, so evaluation never scores it on mail it learned from.
     */
    async getChampion(input: { model: string }): Promise<(ChampionRef & { trainedOn: Interval }) | null> {
      const champion = await nonRetryableOnRegistryError(() => registry.getChampion(input.model));
      if (!champion) return null;
      const { model, baseline, checkpoint } = champion.artifacts;
      const datasetManifest = champion.dataset.manifest as DatasetManifest;
      return {
        trainedOn: trainedOnWindow(datasetManifest.interval, champion.params),
        model: champion.model,
        version: champion.version,
        artifacts: { model, baseline, checkpoint },
        metrics: champion.metrics,
        params: champion.params,
        datasetSha256: champion.dataset.sha256,
        datasetManifest,
        codeVersion: champion.codeVersion,
      };
    },

    async rollbackChampion(input: RollbackChampionInput): Promise<AliasMove> {
      const workflowId = callerWorkflowId();
      const move = await nonRetryableOnRegistryError(() =>
        registry.rollback(input.model, { from: input.fromVersion, to: input.toVersion, actor: input.actor, reason: input.reason, workflowId }),
      );
      logger.info({ modelName: input.model, modelVersion: move.to, workflowId, from: move.from, changed: move.changed }, 'champion rolled back');
      return move;
    },
  };
}

export type RegistryActivities = ReturnType<typeof createRegistryActivities>;
