import { proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { EngineActivities } from '../../activities/engine';
import { runIdentity, type DagDefinition, type DagRunResult, type RunContext } from '../../common/dag';
import { resolveQueue } from './activity-options';
import type { DagRunInput } from './run-input';

/**
 * One run per business key, whoever starts it. A run under another workflow id (a Schedule's
 * `<schedule>-<time>`, an id typed into the Web UI form) starts the keyed run as an abandoned
 * child with ALLOW_DUPLICATE_FAILED_ONLY and ends as `forwarded`; when the key already has a
 * running or completed run, nothing starts and it ends as `duplicate`. A run under the key itself
 * asks visibility for an earlier completed run of the key (the Web UI form starts with the reuse
 * policy ALLOW_DUPLICATE), and ends as `duplicate` naming it.
 * @returns the result to end with, or undefined when this run owns its key and goes on
 */
export async function claimRunKey(
  dag: DagDefinition<unknown, unknown>,
  params: unknown,
  run: RunContext,
  input: DagRunInput,
): Promise<DagRunResult | undefined> {
  if (!dag.runKey) return undefined;
  const key = dag.runKey({ params, logicalDate: run.logicalDate });
  if (key !== run.workflowId) return forward(dag, key, run, input);
  const engine = proxyActivities<EngineActivities>({
    taskQueue: resolveQueue('cpu', input.taskQueues),
    startToCloseTimeout: '1m',
    // Rides out a Temporal frontend restart; bounded so a broken visibility store fails the run.
    scheduleToCloseTimeout: '10m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  });
  const earlier = await engine.findCompletedRun({ workflowId: key, exceptRunId: run.runId });
  if (!earlier) return undefined;
  return delegated(run, 'duplicate', earlier, `${key} already completed (run ${earlier.runId}); a completed key is not run again`);
}

async function forward(dag: DagDefinition<unknown, unknown>, key: string, run: RunContext, input: DagRunInput): Promise<DagRunResult> {
  const { carried: _carried, ...rest } = input;
  try {
    const child = await startChild(dag.id, {
      workflowId: key,
      args: [{ ...rest, logicalDate: run.logicalDate, runKind: run.runKind }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      parentClosePolicy: 'ABANDON',
      staticSummary: `${dag.id} ${key} (started by ${run.workflowId})`,
    });
    return delegated(run, 'forwarded', { workflowId: key, runId: child.firstExecutionRunId }, `started ${key}, the run that owns this key`);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return delegated(run, 'duplicate', { workflowId: key }, `${key} already has a running or completed run; nothing was started`);
  }
}

function delegated(run: RunContext, state: 'forwarded' | 'duplicate', owner: { workflowId: string; runId?: string }, reason: string): DagRunResult {
  return {
    ...runIdentity(run),
    state,
    owner,
    reason,
    segments: 1,
    counts: {},
    tasks: {},
  };
}
