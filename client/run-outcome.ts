import type { DagRunState, DagSpec } from '../common/dag';
import { modelVersionOf as modelVersion } from '../common/dag/run-outcome';
import type { AwaitingApproval } from './client-types';

// The classifier's one home is common/dag/run-outcome.ts: each run records the same outcome
// in its `Outcome` search attribute as it ends.
export { outcomeOf, outcomesOfExecutionStatus, RUN_OUTCOMES, type OutcomeView, type RunOutcome } from '../common/dag/run-outcome';

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

/** The version an open run registered so far, from the live state. */
export function registeredSoFar(state: DagRunState): { model: string; version: number } | undefined {
  const task = state.tasks.find((t) => t.taskId === 'register_model' && t.state === 'success');
  return modelVersion(task?.output);
}
