import { setHandler } from '@temporalio/workflow';
import { APPROVAL_DECISIONS } from '../../common/dag';
import type { DagRun } from './dag-run';
import { decideApprovalUpdate, failRunUpdate, getDagStateQuery, retryTaskUpdate, skipTaskUpdate, type ApprovalRequest } from './definitions';

/**
 * Registers the Query and Updates. Validators reject bad requests before anything is written to
 * history, with a message that quotes the bad value.
 */
export function registerHandlers(run: DagRun): void {
  const indexOf = (taskId: unknown): number => {
    const index = typeof taskId === 'string' ? run.compiled.indexOf.get(taskId) : undefined;
    if (index === undefined) {
      const ids = run.compiled.tasks.map((t) => t.id);
      const known = ids.length > 20 ? `${ids.slice(0, 20).join(', ')}, …` : ids.join(', ');
      throw new Error(`unknown task ${JSON.stringify(taskId)}; tasks of this DAG: ${known}`);
    }
    return index;
  };
  const paused = (taskId: unknown): void => {
    const index = indexOf(taskId);
    const state = run.scheduler.states[index];
    if (state !== 'paused_on_failure') throw new Error(`task "${String(taskId)}" is not waiting for a decision (state: ${state})`);
    if (run.isStopping) throw new Error('the run is stopping; no task can be retried or skipped');
  };

  setHandler(getDagStateQuery, () => run.state());
  setHandler(retryTaskUpdate, (taskId) => run.retryTask(indexOf(taskId)), { validator: paused });
  setHandler(skipTaskUpdate, (taskId) => run.skipTask(indexOf(taskId)), { validator: paused });
  setHandler(failRunUpdate, () => run.failRun(), {
    validator: () => {
      if (run.isStopping || run.scheduler.isFinished) throw new Error(`the run is already stopping (status: ${run.state().status})`);
    },
  });
  setHandler(
    decideApprovalUpdate,
    (request) => {
      const outcome = { decision: request.decision, by: request.by, timedOut: false, ...(request.reason ? { reason: request.reason } : {}) };
      return run.decide(indexOf(request.taskId), outcome);
    },
    { validator: (request: ApprovalRequest) => validateApproval(run, indexOf(request?.taskId), request) },
  );
}

const MAX_BY_CHARS = 200;
const MAX_REASON_CHARS = 2_000;

/** A value as a refusal quotes it: JSON, long text cut, with its length. */
function shown(value: unknown): string {
  if (typeof value === 'string' && value.length > 80) return `${JSON.stringify(value.slice(0, 40))}... (${value.length} characters)`;
  return JSON.stringify(value) ?? String(value);
}

function validateApproval(run: DagRun, index: number, request: ApprovalRequest): void {
  const task = run.compiled.tasks[index]!;
  if (task.kind !== 'approval') throw new Error(`task "${task.id}" is not an approval task (kind: ${task.kind})`);
  if (!APPROVAL_DECISIONS.includes(request.decision)) {
    throw new Error(`decision must be "approve" or "reject" (got ${JSON.stringify(request.decision)})`);
  }
  if (typeof request.by !== 'string' || request.by.trim() === '' || request.by.length > MAX_BY_CHARS) {
    throw new Error(`by must name who decides in 1 to ${MAX_BY_CHARS} characters (got ${shown(request.by)})`);
  }
  // Bounded here, before the Update is accepted: the reason lands in history and in the registry.
  if (request.reason !== undefined && (typeof request.reason !== 'string' || request.reason.length > MAX_REASON_CHARS)) {
    throw new Error(`reason must be text of at most ${MAX_REASON_CHARS} characters (got ${shown(request.reason)})`);
  }
  // The request's shape first: a malformed one is refused the same way whatever the run's state.
  if (!run.isWaitingApproval(index)) {
    throw new Error(`task "${task.id}" is not waiting for approval (state: ${run.scheduler.states[index]})`);
  }
  const approvers = run.records.awaiting.get(index)?.approvers;
  if (approvers && !approvers.includes(request.by)) {
    throw new Error(`by ${shown(request.by)} may not decide task "${task.id}" (approvers: ${approvers.join(', ')})`);
  }
  task.checkRequest?.(request, run.context(index));
}
