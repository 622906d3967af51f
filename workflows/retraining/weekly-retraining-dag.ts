import { defineDag } from '../../common/dag';
import { RESUMABLE_STEP_RETRIES, STORAGE_STEP_RETRIES } from '../../common/retry-policies';
import type { GateResult } from '../../common/gate';
import { retrainingWorkflowId, trainingWindow, weeklyDataInterval } from '../../common/time';
import type { AllActivities } from '../../activities';
import { deployWorkflowId } from '../deploy/deploy-workflow-id';
import { WeeklyRetrainingParamsSchema } from './weekly-retraining-params';

function promotion(registered: { model: string; version: number }, champion: { version: number } | null, actor: string, reason: string) {
  return { model: registered.model, version: registered.version, actor, reason, expectedChampion: champion?.version ?? null };
}

/** The training window ends with the complete week before the logical date's week. */
function windowOf(logicalDate: string, weeks: number) {
  return trainingWindow(weeklyDataInterval(new Date(logicalDate)), weeks);
}

/**
 * Steps a person can fix and run again (a source outage, a bad row, a GPU node lost, a full
 * disk): after their retries they pause for retryTask, skipTask or failRun instead of failing
 * the week, up to `pauseTimeout`. The gate, registration, approval and promotion fail as before:
 * their failures are outcomes or need the registry's own repair.
 */
const PAUSE_FOR_A_PERSON = {
  onFailure: 'pause',
  pauseTimeout: ({ params }: { readonly params: { readonly pauseTimeout: string } }) => params.pauseTimeout,
} as const;

interface OutcomeUpstream {
  readonly register_model?: { readonly model: string; readonly version: number };
  readonly validate_dataset?: { readonly passed: boolean; readonly failures: readonly string[] };
  readonly gate_model?: GateResult;
  readonly approve_promotion?: { readonly decision: string; readonly by: string; readonly timedOut: boolean; readonly reason?: string };
  readonly promote_auto?: unknown;
  readonly promote_approved?: unknown;
}

function promoted(upstream: OutcomeUpstream): boolean {
  return upstream.promote_auto !== undefined || upstream.promote_approved !== undefined;
}

/**
 * The rollout a progressive run handed its challenger to: once the gate passed, deploy_model
 * decides the promotion, so the run neither promotes nor rejects the version. (mark_challenger
 * is not among record_outcome's deps, and adding it would re-wire v1; when it failed, the run
 * fails and the challenger stays for deploy_model started by hand.)
 */
function handedOverTo(params: { readonly delivery: string }, upstream: OutcomeUpstream): string | undefined {
  const { register_model: registered, gate_model: gate } = upstream;
  if (params.delivery !== 'progressive' || !registered || !gate?.passed || promoted(upstream)) return undefined;
  return deployWorkflowId(registered.model, registered.version);
}

/** Why the run ended as it did, in the order the pipeline decides it. */
function outcomeReason(upstream: OutcomeUpstream, rollout: string | undefined): string {
  const { validate_dataset: validation, gate_model: gate, approve_promotion: approval } = upstream;
  if (rollout) return `rollout handed to ${rollout}: it promotes the challenger or rolls it back`;
  if (validation && !validation.passed) return `dataset validation failed: ${validation.failures.join('; ')}`;
  if (gate && !gate.passed) return `gate failed: ${gate.reasons.join('; ')}`;
  if (approval?.decision === 'reject') {
    return `approval rejected by ${approval.by}${approval.timedOut ? ' (timed out)' : ''}${approval.reason ? `: ${approval.reason}` : ''}`;
  }
  return promoted(upstream) ? 'promoted' : 'run did not complete';
}

/**
 * weekly_retraining: retrains the moderation model on the last N weeks of events, evaluates it
 * against the champion on a time-based holdout, gates it, registers it with full lineage, and
 * promotes it when the gate passes and the approval (policy or person) agrees. With `delivery:
 * "progressive"` it promotes nothing itself: mark_challenger starts deploy_model for the new
 * challenger (shadow, canary steps, promote or roll back; docs/deployment.md).
 *
 * Schedule: Mondays 03:00 (see schedules/default-schedules.ts). One run per model and week,
 * whoever starts it: the business key `weekly_retraining/<model>/<ISO week>` (runKey); a run
 * started under another id starts the keyed one. Manual and backfill runs pass `logicalDate`.
 * Versioning: a change to the commands of runs in flight bumps `version` (docs/versioning.md).
 */
export const weeklyRetrainingBuilder = defineDag<AllActivities>()({
  id: 'weekly_retraining',
  summary: 'Weekly retraining: extract, validate, train on GPU, evaluate against the champion, gate, register, promote.',
  docs: 'A failed gate or a rejected approval is an outcome (recorded in the registry), not an error.',
  params: WeeklyRetrainingParamsSchema,
  version: 1,
  runKey: ({ params, logicalDate }) => retrainingWorkflowId(params.modelName, logicalDate),
  // "Now" would retrain on whatever week the clock says, which on a stale source is no data.
  logicalDate: 'required',
  defaults: {
    // Every step but training reads or writes PostgreSQL or the artifact store: ride out minutes
    // of outage (210 s of backoff) instead of failing the week.
    ...STORAGE_STEP_RETRIES,
    startToCloseTimeout: '15m',
    // Every step heartbeats or finishes well within this, so a step lost with a crashed worker is
    // retried after 30 s instead of waiting out its start-to-close timeout.
    heartbeatTimeout: '30s',
    queue: 'cpu',
    nonRetryableErrorTypes: ['InvalidInput', 'DatasetInvalid', 'NonFiniteLoss', 'UnknownModelVersion'],
  },
  maxActiveTasks: 4,
})
  .activity('extract_events', {
    activity: 'extractEvents',
    ...PAUSE_FOR_A_PERSON,
    input: ({ params, run }) => ({
      modelName: params.modelName,
      dataInterval: weeklyDataInterval(new Date(run.logicalDate)),
      trainingWeeks: params.trainingWeeks,
      runKey: `${run.runScope}/extract_events`,
    }),
  })
  .activity('get_champion', { activity: 'getChampion', input: ({ params }) => ({ model: params.modelName }) })
  .activity('validate_dataset', {
    deps: ['extract_events', 'get_champion'],
    activity: 'validateDataset',
    ...PAUSE_FOR_A_PERSON,
    // Drift is measured against the champion's training snapshot, when there is a champion.
    input: ({ params, upstream }) => ({
      manifest: upstream.extract_events.manifest,
      ...(upstream.get_champion ? { previousManifest: upstream.get_champion.datasetManifest } : {}),
      thresholds: params.validation,
    }),
  })
  // A fail-level finding (drift, label balance, duplicates, malformed share) stops the run before
  // training; record_outcome keeps the reasons. Too few rows or one label already failed the task.
  .shortCircuit('check_dataset', { deps: ['validate_dataset'], condition: ({ upstream }) => upstream.validate_dataset.passed })
  .activity('train_model', {
    deps: ['extract_events', 'check_dataset'],
    activity: 'trainModel',
    ...PAUSE_FOR_A_PERSON,
    queue: 'gpu',
    startToCloseTimeout: '2h',
    // Resumes from its last checkpoint, so it retries every crash until the deadline.
    ...RESUMABLE_STEP_RETRIES,
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      dataset: upstream.extract_events.manifest,
      holdout: windowOf(run.logicalDate, params.holdoutWeeks),
      config: { ...params.modelConfig, epochs: params.epochs, seed: params.seed },
      runKey: `${run.runScope}/train_model`,
      shuffleLabels: params.shuffleLabels,
    }),
  })
  .activity('evaluate_model', {
    deps: ['extract_events', 'train_model', 'get_champion'],
    activity: 'evaluateModel',
    ...PAUSE_FOR_A_PERSON,
    startToCloseTimeout: '30m',
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      dataset: upstream.extract_events.manifest,
      holdout: windowOf(run.logicalDate, params.holdoutWeeks),
      candidate: { model: upstream.train_model.model, baseline: upstream.train_model.baseline },
      champion: upstream.get_champion
        ? { version: upstream.get_champion.version, model: upstream.get_champion.artifacts.model, trainedOn: upstream.get_champion.trainedOn }
        : null,
      runKey: `${run.runScope}/evaluate_model`,
    }),
  })
  .activity('gate_model', {
    deps: ['evaluate_model'],
    activity: 'gateModel',
    // Champion checks use the rows the champion did not train on (evaluate_model's comparison).
    input: ({ params, upstream }) => {
      const { candidate, champion, candidateOnComparison, comparison } = upstream.evaluate_model;
      return {
        candidate,
        champion: champion ?? null,
        ...(candidateOnComparison ? { candidateOnComparison } : {}),
        ...(comparison.basis !== 'full-holdout' && comparison.reason ? { comparisonNote: comparison.reason } : {}),
        thresholds: params.gate,
      };
    },
  })
  .activity('register_model', {
    deps: ['extract_events', 'train_model', 'evaluate_model', 'gate_model'],
    activity: 'registerModel',
    input: ({ params, upstream, run }) => {
      const evaluation = upstream.evaluate_model;
      const gate = upstream.gate_model;
      return {
        model: params.modelName,
        artifacts: {
          model: upstream.train_model.model,
          baseline: upstream.train_model.baseline,
          ...(upstream.train_model.checkpoint ? { checkpoint: upstream.train_model.checkpoint } : {}),
          reports: { ...evaluation.plots, evaluation: evaluation.report, loss: upstream.train_model.lossCurve },
        },
        metrics: {
          candidate: evaluation.candidate,
          baseline: evaluation.baseline,
          champion: evaluation.champion ?? null,
          holdoutRows: evaluation.holdoutRows,
          comparison: evaluation.comparison,
        },
        params: { ...params, backend: upstream.train_model.backend, device: upstream.train_model.device },
        datasetManifest: upstream.extract_events.manifest,
        codeVersion: `${run.dagId}@v${run.dagVersion}`,
        registrationKey: `${run.runScope}/register_model`,
        lineage: { taskId: 'register_model', dagId: run.dagId, logicalDate: run.logicalDate },
        gate: { passed: gate.passed, reasons: gate.reasons, checks: gate.checks },
      };
    },
  })
  .shortCircuit('check_gate', { deps: ['gate_model', 'register_model'], condition: ({ upstream }) => upstream.gate_model.passed })
  .activity('mark_challenger', {
    deps: ['check_gate', 'register_model'],
    activity: 'markChallenger',
    // Progressive delivery: the registry activity starts deploy_model/<model>/v<version> once the
    // alias moved; a retry finds the rollout by that key.
    input: ({ params, upstream }) => ({
      model: upstream.register_model.model,
      version: upstream.register_model.version,
      ...(params.delivery === 'progressive' ? { deploy: { params: params.deployParams } } : {}),
    }),
  })
  // Progressive delivery chooses neither path: deploy_model promotes, and a promotion here would
  // race its shadow and canary stages. Runs without the param (every run before it) are direct.
  .branch('choose_approval', {
    deps: ['mark_challenger'],
    choose: ({ params }) => (params.delivery === 'progressive' ? [] : params.approval === 'manual' ? 'approve_promotion' : 'auto_approve'),
  })
  .join('auto_approve', { deps: ['choose_approval'] })
  .approval('approve_promotion', {
    deps: ['choose_approval', 'register_model'],
    timeout: '2d',
    timeoutFrom: ({ params }) => params.approvalTimeout,
    defaultDecision: 'reject',
    prompt: ({ params, upstream }) => `Promote ${params.modelName} v${upstream.register_model.version} to champion?`,
    subject: ({ upstream }) => ({ model: upstream.register_model.model, version: upstream.register_model.version }),
    approvers: ({ params }) => params.approvers,
    // A decision may name what was reviewed; naming another model or version is refused, so an
    // approval meant for last week's candidate cannot promote this one.
    checkRequest: (request, { params, upstream }) => {
      const awaiting = upstream.register_model.version;
      const { model, version } = request.details ?? {};
      if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) {
        throw new Error(`details.version must be an integer model version such as ${awaiting} (got ${JSON.stringify(version)} of type ${typeof version})`);
      }
      if (model !== undefined && typeof model !== 'string') {
        throw new Error(`details.model must be a model name such as ${JSON.stringify(params.modelName)} (got ${JSON.stringify(model)})`);
      }
      if (model !== undefined && model !== params.modelName) {
        throw new Error(`model ${JSON.stringify(model)} is not awaiting approval in this run (awaiting: ${params.modelName} v${awaiting})`);
      }
      if (version !== undefined && version !== awaiting) {
        throw new Error(`version ${JSON.stringify(version)} of model ${params.modelName} is not awaiting approval (awaiting: ${awaiting})`);
      }
    },
  })
  // One promotion task per approval path, each all_success: a rejected or timed-out approval
  // skips promote_approved, and the branch skips whichever path was not chosen.
  .activity('promote_auto', {
    deps: ['auto_approve', 'register_model', 'get_champion'],
    activity: 'promoteModel',
    input: ({ upstream }) => promotion(upstream.register_model, upstream.get_champion, 'policy:auto', 'gate passed; approval policy auto'),
  })
  .activity('promote_approved', {
    deps: ['approve_promotion', 'register_model', 'get_champion'],
    activity: 'promoteModel',
    input: ({ upstream }) =>
      promotion(upstream.register_model, upstream.get_champion, upstream.approve_promotion.by, upstream.approve_promotion.reason ?? 'approved'),
  })
  .teardown('record_outcome', {
    deps: ['validate_dataset', 'gate_model', 'register_model', 'approve_promotion', 'promote_auto', 'promote_approved'],
    activity: 'recordRetrainingOutcome',
    input: ({ params, upstream }) => {
      const rollout = handedOverTo(params, upstream);
      return {
        model: params.modelName,
        version: upstream.register_model?.version,
        // A handed-over challenger is the rollout's to promote or reject: not rejected here.
        ...(rollout ? { handedOver: rollout } : {}),
        promoted: promoted(upstream),
        reason: outcomeReason(upstream, rollout),
        actor: upstream.approve_promotion?.by ?? 'policy:gate',
      };
    },
  });

export const weeklyRetrainingDag = weeklyRetrainingBuilder.build();
