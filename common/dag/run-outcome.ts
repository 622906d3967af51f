import type { CompiledDag } from './compile';
import type { DagRunResult, TaskSummary } from './run-types';
import type { TaskState } from './types';

/**
 * Airflow's rule: a run fails when one of its leaves failed or is upstream_failed. A leaf is a
 * task no other (non-teardown) task depends on; teardown tasks never fail the run. A failure
 * that a downstream `one_failed`/`all_done` task handled therefore does not fail the run.
 */
export function runOutcome(dag: CompiledDag, states: readonly TaskState[]): 'success' | 'failed' {
  for (let i = 0; i < dag.tasks.length; i++) {
    if (dag.tasks[i]!.teardown) continue;
    const isLeaf = dag.children[i]!.every((c) => dag.tasks[c]!.teardown);
    const s = states[i];
    if (isLeaf && (s === 'failed' || s === 'upstream_failed')) return 'failed';
  }
  return 'success';
}

/** Count of tasks per state, states with zero tasks left out. */
export function countStates(states: readonly TaskState[]): Partial<Record<TaskState, number>> {
  const counts: Partial<Record<TaskState, number>> = {};
  for (const s of states) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/**
 * What a closed run achieved, beyond Temporal's status: a gate-failed and a rejected
 * weekly_retraining both complete successfully, but they are different outcomes. The one home of
 * this vocabulary: the client classifies closed runs with it, and each run records it in its
 * `Outcome` search attribute (common/search-attributes.ts).
 */
export const RUN_OUTCOMES = [
  /** weekly_retraining: the candidate became champion (by policy or an approval). */
  'promoted',
  /** An approval was rejected, by a person or by its timeout. */
  'rejected',
  /** weekly_retraining: the candidate was registered and failed the evaluation gate. */
  'gate_failed',
  /** weekly_retraining: the dataset failed validation; nothing was trained. */
  'dataset_invalid',
  /** deploy_model: the challenger's rollout failed its analysis, timed out or was aborted, and was undone. */
  'rolled_back',
  /** weekly_retraining with delivery progressive: the challenger was handed to deploy_model, which promotes or rolls it back. */
  'handed_over',
  /** Any other DAG that ended successfully. */
  'succeeded',
  'failed',
  'cancelled',
  'terminated',
  'timed_out',
  /** The run started the run that owns its business key and ran no task itself. */
  'forwarded',
  /** The business key already had a run; nothing ran. */
  'duplicate',
] as const;

export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/**
 * What an open run waits for, while a person must act: an approval task waits for a decision, or
 * a task failed past its retries and waits for retryTask, skipTask or failRun. Not outcomes of a
 * closed run; the `Outcome` search attribute holds them until the run goes on or ends.
 */
export const OPEN_RUN_OUTCOMES = ['waiting_for_approval', 'paused'] as const;
export type OpenRunOutcome = (typeof OPEN_RUN_OUTCOMES)[number];

/** Every value of the `Outcome` search attribute. */
export const OUTCOME_ATTRIBUTE_VALUES = [...RUN_OUTCOMES, ...OPEN_RUN_OUTCOMES] as const;
export type OutcomeAttributeValue = RunOutcome | OpenRunOutcome;

export interface OutcomeView {
  readonly outcome: RunOutcome;
  readonly outcomeReason: string;
  readonly registered?: { readonly model: string; readonly version: number };
}

/** The outcomes a run with this Temporal execution status can have. */
export function outcomesOfExecutionStatus(executionStatus: string): readonly RunOutcome[] {
  switch (executionStatus) {
    case 'COMPLETED':
      return ['promoted', 'rejected', 'gate_failed', 'dataset_invalid', 'rolled_back', 'handed_over', 'succeeded', 'forwarded', 'duplicate'];
    case 'FAILED':
      return ['failed'];
    case 'CANCELLED':
      return ['cancelled'];
    case 'TERMINATED':
      return ['terminated'];
    case 'TIMED_OUT':
      return ['timed_out'];
    default:
      return [];
  }
}

/**
 * The outcome of a closed run, from Temporal's status and the run's result (or the result its
 * failure carries). Pure and workflow-safe: reads only task states and the small outputs the
 * result keeps, so the client (after the fact) and the run itself (as it ends) agree.
 */
export function outcomeOf(executionStatus: string, result: DagRunResult | undefined, failure?: string): OutcomeView {
  const registered = registeredVersion(result);
  const withVersion = (outcome: RunOutcome, outcomeReason: string): OutcomeView => ({ outcome, outcomeReason, ...(registered ? { registered } : {}) });
  if (executionStatus === 'CANCELLED') return withVersion('cancelled', 'the run was cancelled');
  if (executionStatus === 'TERMINATED') return withVersion('terminated', failure ?? 'the run was terminated');
  if (executionStatus === 'TIMED_OUT') return withVersion('timed_out', 'the run reached its execution timeout');
  if (executionStatus !== 'COMPLETED' || !result || result.state === 'failed') return withVersion('failed', failure ?? 'the run failed');
  if (result.state === 'forwarded' || result.state === 'duplicate') return withVersion(result.state, result.reason ?? result.state);
  const tasks = result.tasks;
  const validation = output<{ passed?: boolean; failures?: readonly string[] }>(tasks.validate_dataset);
  if (tasks.check_dataset?.state === 'success' && output(tasks.check_dataset) === false) {
    return withVersion('dataset_invalid', `dataset validation failed${listed(validation?.failures)}`);
  }
  const gate = output<{ passed?: boolean; reasons?: readonly string[] }>(tasks.gate_model);
  if (tasks.check_gate?.state === 'success' && output(tasks.check_gate) === false) return withVersion('gate_failed', `gate failed${listed(gate?.reasons)}`);
  const rejection = Object.values(tasks)
    .map((t) => output<{ decision?: string; by?: string; timedOut?: boolean; reason?: string }>(t))
    .find((o) => o?.decision === 'reject' && typeof o.by === 'string');
  if (rejection) {
    const reason = `approval rejected by ${rejection.by}${rejection.timedOut ? ' (timed out)' : ''}${rejection.reason ? `: ${rejection.reason}` : ''}`;
    return withVersion('rejected', reason);
  }
  // deploy_model: its teardown says how the rollout ended.
  const rollout = output<{ outcome?: unknown; decision?: unknown; reasons?: unknown }>(tasks.finish_rollout);
  if (rollout?.outcome === 'rolled_back') {
    const reasons = Array.isArray(rollout.reasons) ? rollout.reasons.filter((r): r is string => typeof r === 'string') : [];
    return withVersion('rolled_back', `rolled back${typeof rollout.decision === 'string' ? ` (${rollout.decision})` : ''}${listed(reasons)}`);
  }
  if (rollout?.outcome === 'promoted') return withVersion('promoted', 'the rollout promoted the challenger');
  const deployment = output<{ deployment?: { workflowId?: unknown } }>(tasks.mark_challenger)?.deployment;
  if (typeof deployment?.workflowId === 'string') return withVersion('handed_over', `rollout handed to ${deployment.workflowId}`);
  if (tasks.promote_auto?.state === 'success' || tasks.promote_approved?.state === 'success') {
    return withVersion('promoted', registered ? `${registered.model} v${registered.version} is champion` : 'promoted');
  }
  return withVersion('succeeded', 'the run succeeded');
}

/**
 * One short line for people (the run's current details in the Web UI): `promoted spam v7 (F1
 * 0.953)`, `gate failed: f1 0.947 is below the minimum 0.950`, `approval rejected by alice: ...`.
 */
export function outcomeHeadline(view: OutcomeView, result: DagRunResult | undefined): string {
  if (view.outcome !== 'promoted' || !view.registered) return view.outcomeReason;
  const checks = output<{ checks?: readonly { metric?: unknown; value?: unknown }[] }>(result?.tasks.gate_model)?.checks;
  const f1 = checks?.find((c) => c.metric === 'f1' && typeof c.value === 'number')?.value as number | undefined;
  return `promoted ${view.registered.model} v${view.registered.version}${f1 !== undefined ? ` (F1 ${f1.toFixed(3)})` : ''}`;
}

/** A `{ model, version }` pair (register_model's output, an approval's subject), else undefined. */
export function modelVersionOf(value: unknown): { model: string; version: number } | undefined {
  const o = value as { model?: unknown; version?: unknown } | undefined;
  return typeof o?.model === 'string' && typeof o.version === 'number' ? { model: o.model, version: o.version } : undefined;
}

/** The version weekly_retraining's register_model registered, from the result. */
function registeredVersion(result: DagRunResult | undefined): { model: string; version: number } | undefined {
  return modelVersionOf(output(result?.tasks.register_model));
}

function output<T = unknown>(task: TaskSummary | undefined): T | undefined {
  return task?.output as T | undefined;
}

function listed(items: readonly string[] | undefined): string {
  return items && items.length > 0 ? `: ${items.join('; ')}` : '';
}
