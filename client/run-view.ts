import { QueryNotRegisteredError, WorkflowFailedError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { DAG_ERROR_CODES, withPendingActivities, type ApprovalOutcome, type DagRunResult, type DagRunState, type PendingActivityInfo } from '../common/dag';
import { getDagStateQuery } from '../workflows/dag/definitions';
import type { RunStatus, RunTask, RunView } from './client-types';
import { RunNotFoundError } from './errors';

/** How long a running run's workers get to answer getDagState. */
const QUERY_TIMEOUT_MS = 10_000;

/** Describes a run, or RunNotFoundError. */
export async function describeRun(client: Client, workflowId: string): Promise<WorkflowExecutionDescription> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new RunNotFoundError(workflowId, client.options.namespace, { cause: err });
    throw err;
  }
}

/**
 * A running run answers the getDagState Query (activities waiting for their next attempt show as
 * up_for_retry); a closed one is read from its result, or from its failure, which carries the
 * run summary when tasks failed.
 */
export async function getRunView(client: Client, workflowId: string): Promise<RunView> {
  const description = await describeRun(client, workflowId);
  if (description.status.name !== 'RUNNING') return closedView(client, description);
  const base = baseOf(description);
  let state: DagRunState;
  try {
    // Answered by a workflow worker: bounded, so a run whose workers are down still gets a view.
    state = await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => client.workflow.getHandle(workflowId).query(getDagStateQuery));
  } catch (err) {
    // Not a DAG (a workflow of another kind on the same namespace): only Temporal's own status is known.
    if (err instanceof QueryNotRegisteredError) return { ...base, status: 'running', closed: false, progress: 'running', tasks: [] };
    // The run closed between describe and query.
    if (err instanceof WorkflowNotFoundError) return getRunView(client, workflowId);
    const reason = err instanceof Error ? err.message : String(err);
    const queue = description.taskQueue;
    return {
      ...base,
      status: 'running',
      closed: false,
      progress: `running · no task states: the getDagState Query got no answer within ${QUERY_TIMEOUT_MS / 1000}s (${reason}); is a worker polling task queue ${queue}?`,
      tasks: [],
    };
  }
  const pending = (description.raw.pendingActivities ?? []) as readonly PendingActivityInfo[];
  const live = withPendingActivities(state, pending);
  return { ...base, status: live.status, closed: false, progress: live.progress, logicalDate: live.logicalDate, tasks: live.tasks, state: live };
}

function baseOf(description: WorkflowExecutionDescription) {
  return { workflowId: description.workflowId, runId: description.runId, workflowType: description.type, executionStatus: description.status.name };
}

const CLOSED_STATUS: Readonly<Record<string, RunStatus>> = {
  COMPLETED: 'success',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

async function closedView(client: Client, description: WorkflowExecutionDescription): Promise<RunView> {
  const base = baseOf(description);
  const status = CLOSED_STATUS[description.status.name] ?? 'failed';
  let result: DagRunResult | undefined;
  let failure: string | undefined;
  try {
    result = (await client.workflow.getHandle(description.workflowId, description.runId).result()) as DagRunResult;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause;
    failure = cause?.message ?? err.message;
    if (cause instanceof ApplicationFailure && cause.type === DAG_ERROR_CODES.runFailed) result = cause.details?.[0] as DagRunResult | undefined;
  }
  const tasks: RunTask[] = result ? Object.entries(result.tasks).map(([taskId, t]) => ({ taskId, ...t, ...decisionOf(t.output) })) : [];
  const done = tasks.filter((t) => t.state === 'success' || t.state === 'skipped').length;
  return {
    ...base,
    status,
    closed: true,
    // A forwarded or duplicate start ran no task: say which run owns its business key.
    progress: result?.owner ? `${result.state}: ${result.reason ?? `see ${result.owner.workflowId}`}` : result ? `${done}/${tasks.length} done` : status,
    ...(result ? { logicalDate: result.logicalDate, result } : {}),
    tasks,
    ...(failure ? { failure } : {}),
  };
}

/** An approval task's output is its outcome; shown like the live view's `decision`. */
function decisionOf(output: unknown): Partial<Pick<RunTask, 'decision'>> {
  const o = output as Partial<ApprovalOutcome> | undefined;
  if (!o || (o.decision !== 'approve' && o.decision !== 'reject') || typeof o.by !== 'string') return {};
  const by = o.timedOut ? `${o.by} (timed out)` : o.by;
  return { decision: { decision: o.decision, by, ...(o.reason ? { reason: o.reason } : {}) } };
}

/** Waits until the run closes (following continue-as-new) and returns its closed view. */
export async function waitForRunView(client: Client, workflowId: string): Promise<RunView> {
  await describeRun(client, workflowId);
  await client.workflow
    .getHandle(workflowId)
    .result()
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowFailedError)) throw err;
    });
  return getRunView(client, workflowId);
}
