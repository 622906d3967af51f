import type { DagRunState, TaskStatus } from './run-types';

/** The parts of `describe().raw.pendingActivities` the live view reads. */
export interface PendingActivityInfo {
  readonly activityId?: string | null;
  readonly attempt?: number | null;
  /** e.g. 'PENDING_ACTIVITY_STATE_SCHEDULED' (waiting for the next attempt) or '..._STARTED'. */
  readonly state?: string | number | null;
  readonly lastFailureMessage?: string | null;
}

/**
 * Temporal retries an activity on the server, so the workflow sees only the final outcome.
 * A client that also describes the run can show Airflow's `up_for_retry`: a running task whose
 * activity failed an attempt and waits for the next one. Activity ids are the task id
 * (`train#2` after an operator retry, `fan_out:1[3]` for mapped items).
 */
export function withPendingActivities(state: DagRunState, pending: readonly PendingActivityInfo[]): DagRunState {
  const byTask = new Map<string, PendingActivityInfo>();
  for (const p of pending) {
    const taskId = p.activityId?.split(/[#:[]/)[0];
    if (taskId && (p.attempt ?? 1) >= ((byTask.get(taskId)?.attempt ?? 0) || 1)) byTask.set(taskId, p);
  }
  const tasks = state.tasks.map((t): TaskStatus => {
    const p = byTask.get(t.taskId);
    if (t.state !== 'running' || !p || (p.attempt ?? 1) < 2) return t;
    const waiting = String(p.state ?? '').includes('SCHEDULED') || p.state === 1;
    return {
      ...t,
      state: waiting ? 'up_for_retry' : 'running',
      attempts: p.attempt ?? 1,
      ...(p.lastFailureMessage ? { error: p.lastFailureMessage } : {}),
    };
  });
  return { ...state, tasks };
}
