import type { DagRunResult, DagRunState, DagSpec, TaskSummary } from '../common/dag';
import type { AwaitingApproval } from './client-types';

/**
 * What a closed run achieved, beyond Temporal's status: a gate-failed and a rejected
 * weekly_retraining both complete successfully, but they are different outcomes.
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

export interface OutcomeView {
  readonly outcome: RunOutcome;
  readonly outcomeReason: string;
  readonly registered?: { readonly model: string; readonly version: number };
}

/** The outcomes a run with this Temporal execution status can have. */
export function outcomesOfExecutionStatus(executionStatus: string): readonly RunOutcome[] {
  switch (executionStatus) {
    case 'COMPLETED':
      return ['promoted', 'rejected', 'gate_failed', 'dataset_invalid', 'succeeded', 'forwarded', 'duplicate'];
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
 * failure carries). Pure: reads only task states and the small outputs the result keeps.
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
  if (tasks.promote_auto?.state === 'success' || tasks.promote_approved?.state === 'success') {
    return withVersion('promoted', registered ? `${registered.model} v${registered.version} is champion` : 'promoted');
  }
  return withVersion('succeeded', 'the run succeeded');
}

/**
 * The approval an open run waits for: the first approval task with a pending decision, with the
 * model version registered by one of its upstream tasks (`{ model, version }` output).
 */
export function awaitingApprovalOf(state: DagRunState, dag: DagSpec | undefined): AwaitingApproval | undefined {
  const task = state.tasks.find((t) => t.kind === 'approval' && t.state === 'running' && t.awaiting);
  if (!task?.awaiting) return undefined;
  const deps = dag?.tasks.find((t) => t.id === task.taskId)?.deps ?? [];
  const subject = deps
    .map((id) => state.tasks.find((t) => t.taskId === id)?.output)
    .map(modelVersion)
    .find((v) => v !== undefined);
  return {
    taskId: task.taskId,
    ...(task.awaiting.prompt !== undefined ? { prompt: task.awaiting.prompt } : {}),
    deadline: new Date(task.awaiting.deadline).toISOString(),
    ...(subject ?? {}),
  };
}

/** The version weekly_retraining's register_model registered, from the result. */
function registeredVersion(result: DagRunResult | undefined): { model: string; version: number } | undefined {
  return modelVersion(output(result?.tasks.register_model));
}

/** The version an open run registered so far, from the live state. */
export function registeredSoFar(state: DagRunState): { model: string; version: number } | undefined {
  const task = state.tasks.find((t) => t.taskId === 'register_model' && t.state === 'success');
  return modelVersion(task?.output);
}

function modelVersion(value: unknown): { model: string; version: number } | undefined {
  const o = value as { model?: unknown; version?: unknown } | undefined;
  return typeof o?.model === 'string' && typeof o.version === 'number' ? { model: o.model, version: o.version } : undefined;
}

function output<T = unknown>(task: TaskSummary | undefined): T | undefined {
  return task?.output as T | undefined;
}

function listed(items: readonly string[] | undefined): string {
  return items && items.length > 0 ? `: ${items.join('; ')}` : '';
}
