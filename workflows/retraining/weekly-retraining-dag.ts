import { defineDag } from '../../common/dag';
import { evaluateGate } from '../../common/gate';
import { trainingWindow, weeklyDataInterval } from '../../common/time';
import type { AllActivities } from '../../activities';
import { WeeklyRetrainingParamsSchema } from './weekly-retraining-params';

function promotion(registered: { model: string; version: number }, champion: { version: number } | null, actor: string, reason: string) {
  return { model: registered.model, version: registered.version, actor, reason, expectedChampion: champion?.version ?? null };
}

function promoted(upstream: { promote_auto?: unknown; promote_approved?: unknown }): boolean {
  return upstream.promote_auto !== undefined || upstream.promote_approved !== undefined;
}

/** The training window ends with the complete week before the logical date's week. */
function windowOf(logicalDate: string, weeks: number) {
  return trainingWindow(weeklyDataInterval(new Date(logicalDate)), weeks);
}

/**
 * weekly_retraining: retrains the moderation model on the last N weeks of events, evaluates it
 * against the champion on a time-based holdout, registers it with full lineage, and promotes it
 * when the gate passes and the approval (policy or person) agrees.
 *
 * Schedule: Mondays 03:00 (see schedules/default-schedules.ts). Manual and backfill runs pass
 * `logicalDate`. Runs are keyed `weekly_retraining/<model>/<ISO week>` so a week runs once.
 */
export const weeklyRetrainingDag = defineDag<AllActivities>()({
  id: 'weekly_retraining',
  summary: 'Weekly retraining: extract, validate, train on GPU, evaluate against the champion, gate, register, promote.',
  docs: 'A failed gate or a rejected approval is an outcome (recorded in the registry), not an error.',
  params: WeeklyRetrainingParamsSchema,
  defaults: {
    retries: 3,
    backoff: { initial: '2s', coefficient: 2, maximum: '1m' },
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
    input: ({ params, run }) => ({
      modelName: params.modelName,
      dataInterval: weeklyDataInterval(new Date(run.logicalDate)),
      trainingWeeks: params.trainingWeeks,
      runKey: `${run.workflowId}/extract_events`,
    }),
  })
  .activity('get_champion', { activity: 'getChampion', input: ({ params }) => ({ model: params.modelName }) })
  .activity('validate_dataset', {
    deps: ['extract_events', 'get_champion'],
    activity: 'validateDataset',
    // Drift is measured against the champion's training snapshot, when there is a champion.
    input: ({ params, upstream }) => ({
      manifest: upstream.extract_events.manifest,
      ...(upstream.get_champion ? { previousManifest: upstream.get_champion.datasetManifest } : {}),
      thresholds: params.validation as never,
    }),
  })
  // A fail-level finding (drift, label balance, duplicates, malformed share) stops the run before
  // training; record_outcome keeps the reasons. Too few rows or one label already failed the task.
  .shortCircuit('check_dataset', { deps: ['validate_dataset'], condition: ({ upstream }) => upstream.validate_dataset.passed })
  .activity('train_model', {
    deps: ['extract_events', 'check_dataset'],
    activity: 'trainModel',
    queue: 'gpu',
    startToCloseTimeout: '2h',
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      dataset: upstream.extract_events.manifest,
      holdout: windowOf(run.logicalDate, params.holdoutWeeks),
      config: { ...params.modelConfig, epochs: params.epochs, seed: params.seed },
      runKey: `${run.workflowId}/train_model`,
      shuffleLabels: params.shuffleLabels,
    }),
  })
  .activity('evaluate_model', {
    deps: ['extract_events', 'train_model', 'get_champion'],
    activity: 'evaluateModel',
    startToCloseTimeout: '30m',
    input: ({ params, upstream, run }) => ({
      modelName: params.modelName,
      dataset: upstream.extract_events.manifest,
      holdout: windowOf(run.logicalDate, params.holdoutWeeks),
      candidate: { model: upstream.train_model.model, baseline: upstream.train_model.baseline },
      champion: upstream.get_champion ? { version: upstream.get_champion.version, model: upstream.get_champion.artifacts.model } : null,
      runKey: `${run.workflowId}/evaluate_model`,
    }),
  })
  .activity('register_model', {
    deps: ['extract_events', 'train_model', 'evaluate_model'],
    activity: 'registerModel',
    input: ({ params, upstream, run }) => {
      const evaluation = upstream.evaluate_model;
      const gate = evaluateGate(evaluation.candidate, evaluation.champion, params.gate);
      return {
        model: params.modelName,
        artifacts: {
          model: upstream.train_model.model,
          baseline: upstream.train_model.baseline,
          reports: { ...evaluation.plots, evaluation: evaluation.report, loss: upstream.train_model.lossCurve },
        },
        metrics: { candidate: evaluation.candidate, baseline: evaluation.baseline, champion: evaluation.champion ?? null, holdoutRows: evaluation.holdoutRows },
        params: { ...params, backend: upstream.train_model.backend },
        datasetManifest: upstream.extract_events.manifest,
        codeVersion: 'weekly_retraining@1',
        lineage: { taskId: 'register_model', dagId: run.dagId, logicalDate: run.logicalDate },
        gate: { passed: gate.passed, reasons: gate.reasons, checks: gate.checks },
      };
    },
  })
  .shortCircuit('check_gate', {
    deps: ['evaluate_model', 'register_model'],
    condition: ({ params, upstream }) => evaluateGate(upstream.evaluate_model.candidate, upstream.evaluate_model.champion, params.gate).passed,
  })
  .activity('mark_challenger', {
    deps: ['check_gate', 'register_model'],
    activity: 'markChallenger',
    input: ({ upstream }) => ({ model: upstream.register_model.model, version: upstream.register_model.version }),
  })
  .branch('choose_approval', {
    deps: ['mark_challenger'],
    choose: ({ params }) => (params.approval === 'manual' ? 'approve_promotion' : 'auto_approve'),
  })
  .shortCircuit('auto_approve', { deps: ['choose_approval'], condition: () => true, ignoreDownstreamTriggerRules: false })
  .approval('approve_promotion', {
    deps: ['choose_approval', 'register_model'],
    timeout: '2d',
    timeoutFrom: ({ params }) => params.approvalTimeout.replace(/\s+/g, ''),
    defaultDecision: 'reject',
    prompt: ({ params, upstream }) => `Promote ${params.modelName} v${upstream.register_model.version} to champion?`,
    // A decision may name what was reviewed; naming another model or version is refused, so an
    // approval meant for last week's candidate cannot promote this one.
    checkRequest: (request, { params, upstream }) => {
      const awaiting = upstream.register_model.version;
      const { model, version } = request.details ?? {};
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
    deps: ['validate_dataset', 'register_model', 'evaluate_model', 'approve_promotion', 'promote_auto', 'promote_approved'],
    activity: 'recordRetrainingOutcome',
    input: ({ params, upstream }) => {
      const gate = upstream.evaluate_model ? evaluateGate(upstream.evaluate_model.candidate, upstream.evaluate_model.champion, params.gate) : undefined;
      const approval = upstream.approve_promotion;
      const validation = upstream.validate_dataset;
      const reason = validation && !validation.passed
        ? `dataset validation failed: ${validation.failures.join('; ')}`
        : gate && !gate.passed
        ? `gate failed: ${gate.reasons.join('; ')}`
        : approval && approval.decision === 'reject'
          ? `approval rejected by ${approval.by}${approval.timedOut ? ' (timed out)' : ''}${approval.reason ? `: ${approval.reason}` : ''}`
          : promoted(upstream) ? 'promoted' : 'run did not complete';
      return {
        model: params.modelName,
        version: upstream.register_model?.version,
        promoted: promoted(upstream),
        reason,
        actor: approval?.by ?? 'policy:gate',
      };
    },
  })
  .build();
