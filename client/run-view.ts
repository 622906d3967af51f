import { QueryNotRegisteredError, WorkflowFailedError, type Client, type WorkflowExecutionDescription, type WorkflowExecutionInfo } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { DAG_ERROR_CODES, withPendingActivities, type ApprovalOutcome, type DagRunResult, type DagRunState, type PendingActivityInfo } from '../common/dag';
import { getDagStateQuery } from '../workflows/dag/definitions';
import type { RunStatus, RunTask, RunView, WaitForRunOptions } from './client-types';
import { DAGS } from './dag-catalog';
import { RunNotFoundError, RunWaitTimeoutError } from './errors';
import { awaitingApprovalOf, outcomeOf, registeredSoFar } from './run-outcome';
import { deadlineWithin, transportFailureOf } from './transport';

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
 * up_for_retry; an approval task waiting for a decision makes it `waiting_for_approval`); a
 * closed one is read from its result, or from its failure, which carries the run summary when
 * tasks failed.
 */
export async function getRunView(client: Client, workflowId: string): Promise<RunView> {
  const description = await describeRun(client, workflowId);
  if (description.status.name !== 'RUNNING') return closedView(client, description);
  const base = baseOf(description);
  let state: DagRunState;
  const deadline = deadlineWithin(client, QUERY_TIMEOUT_MS);
  try {
    // Answered by a workflow worker: bounded, so a run whose workers are down still gets a view.
    state = await client.withDeadline(deadline, () => client.workflow.getHandle(workflowId).query(getDagStateQuery));
  } catch (err) {
    // Not a DAG (a workflow of another kind on the same namespace): only Temporal's own status is known.
    if (err instanceof QueryNotRegisteredError) return { ...base, status: 'running', closed: false, progress: 'running', tasks: [] };
    // The run closed between describe and query.
    if (err instanceof WorkflowNotFoundError) return getRunView(client, workflowId);
    // A server that went away is the caller's error (TemporalUnavailableError), not a view.
    if (transportFailureOf(err) === 'UNAVAILABLE' || transportFailureOf(err) === 'CONNECTION') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const queue = description.taskQueue;
    return {
      ...base,
      status: 'running',
      closed: false,
      progress: `running · no task states: the getDagState Query got no answer (${reason}); is a worker polling task queue ${queue}?`,
      tasks: [],
    };
  }
  const pending = (description.raw.pendingActivities ?? []) as readonly PendingActivityInfo[];
  const live = withPendingActivities(state, pending);
  const awaitingApproval = awaitingApprovalOf(live, Object.hasOwn(DAGS, live.dagId) ? DAGS[live.dagId] : undefined);
  const registered = registeredSoFar(live);
  return {
    ...base,
    status: awaitingApproval && live.status === 'running' ? 'waiting_for_approval' : live.status,
    closed: false,
    progress: live.progress,
    logicalDate: live.logicalDate,
    tasks: live.tasks,
    ...(awaitingApproval ? { awaitingApproval } : {}),
    ...(registered ? { registered } : {}),
    state: live,
  };
}

/** What a description and a visibility listing both tell about an execution. */
type ExecutionIdentity = Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'type' | 'status'>;

function baseOf(info: ExecutionIdentity) {
  return { workflowId: info.workflowId, runId: info.runId, workflowType: info.type, executionStatus: info.status.name };
}

const CLOSED_STATUS: Readonly<Record<string, RunStatus>> = {
  COMPLETED: 'success',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

/** The view of a closed run (described, or listed by visibility), read from its result or failure. */
export async function closedView(client: Client, info: ExecutionIdentity): Promise<RunView> {
  const base = baseOf(info);
  const status = CLOSED_STATUS[info.status.name] ?? 'failed';
  let result: DagRunResult | undefined;
  let failure: string | undefined;
  try {
    // followRuns: false: this execution, not a later one started under the same id.
    result = (await client.workflow.getHandle(info.workflowId, info.runId, { followRuns: false }).result()) as DagRunResult;
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
    ...outcomeOf(info.status.name, result, failure),
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

/**
 * Waits until a run known to exist closes (following continue-as-new). Every call made while
 * waiting carries one abort signal: the caller's, or the timeout's, whichever fires first.
 * Returns nothing: the caller reads the closed view under its own call deadline.
 */
export async function waitUntilClosed(client: Client, workflowId: string, options: WaitForRunOptions = {}): Promise<void> {
  const { timeoutMs, signal } = options;
  signal?.throwIfAborted();
  const timer = new AbortController();
  const handle = timeoutMs !== undefined ? setTimeout(() => timer.abort(), timeoutMs) : undefined;
  const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
  try {
    await client.withAbortSignal(combined, async () => {
      await client.workflow
        .getHandle(workflowId)
        .result()
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowFailedError)) throw err;
        });
    });
  } catch (err) {
    signal?.throwIfAborted();
    if (timer.signal.aborted) throw new RunWaitTimeoutError(workflowId, timeoutMs!, { cause: err });
    throw err;
  } finally {
    clearTimeout(handle);
  }
}
