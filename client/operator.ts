import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { TaskStatus } from '../common/dag';
import { failRunUpdate, retryTaskUpdate, skipTaskUpdate } from '../workflows/dag/definitions';
// The module itself, not workflows/deploy's index: the client loads no DAG definitions.
import {
  abortRolloutUpdate,
  getRolloutControlQuery,
  pauseRolloutUpdate,
  promoteNowUpdate,
  resumeRolloutUpdate,
  type OperatorRequest,
  type RolloutControl,
} from '../workflows/deploy/rollout-control';
import { RunActionRefusedError } from './errors';
import { describeRun } from './run-view';

/**
 * Why a run refused an Update or a cancellation, or undefined when `err` is no refusal: the
 * validator's message, or "the run has ended (STATUS)" (Temporal answers NOT_FOUND for an ended
 * run too; an unknown id becomes RunNotFoundError here).
 */
export async function refusalOf(client: Client, workflowId: string, err: unknown): Promise<string | undefined> {
  if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
  if (err instanceof WorkflowNotFoundError) {
    const description = await describeRun(client, workflowId);
    return `the run has ended (${description.status.name}); nothing can change it`;
  }
  return undefined;
}

async function refusing<T>(client: Client, workflowId: string, action: string, taskId: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const reason = await refusalOf(client, workflowId, err);
    if (reason === undefined) throw err;
    throw new RunActionRefusedError(workflowId, action, reason, { cause: err, ...(taskId !== undefined ? { taskId } : {}) });
  }
}

/** Runs a task paused on failure (a DAG with `onTaskFailure: 'pause'`) again; answers its new status. */
export function retryTask(client: Client, workflowId: string, taskId: string): Promise<TaskStatus> {
  return refusing(client, workflowId, 'retryTask', taskId, () => client.workflow.getHandle(workflowId).executeUpdate(retryTaskUpdate, { args: [taskId] }));
}

/** Marks a task paused on failure as skipped; its downstream sees it as skipped. */
export function skipTask(client: Client, workflowId: string, taskId: string): Promise<TaskStatus> {
  return refusing(client, workflowId, 'skipTask', taskId, () => client.workflow.getHandle(workflowId).executeUpdate(skipTaskUpdate, { args: [taskId] }));
}

/** Stops the run as failed: running tasks are cancelled, teardown tasks still run. */
export function failRun(client: Client, workflowId: string): Promise<void> {
  return refusing(client, workflowId, 'failRun', undefined, () => client.workflow.getHandle(workflowId).executeUpdate(failRunUpdate));
}

/**
 * Requests cancellation: running tasks are cancelled, teardown tasks still run, and the run ends
 * as `cancelled`. Returns once Temporal recorded the request; waitForRun follows it to the end.
 */
export async function cancelRun(client: Client, workflowId: string): Promise<void> {
  // An ended run answers NOT_FOUND to a cancellation: describe first so that it reads as a refusal.
  const description = await describeRun(client, workflowId);
  if (description.status.name !== 'RUNNING') {
    throw new RunActionRefusedError(workflowId, 'cancelRun', `the run has ended (${description.status.name}); nothing can change it`);
  }
  await refusing(client, workflowId, 'cancelRun', undefined, () => client.workflow.getHandle(workflowId).cancel());
}

/** An operator's change of course on a deploy_model run, as `factory rollout` and the console name it. */
export const ROLLOUT_ACTIONS = ['pause', 'resume', 'promote', 'abort'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

const ROLLOUT_UPDATES = {
  pause: pauseRolloutUpdate,
  resume: resumeRolloutUpdate,
  promote: promoteNowUpdate,
  abort: abortRolloutUpdate,
} as const satisfies Record<RolloutAction, unknown>;

/**
 * Sends a rollout's pause, resume, promote-now or abort Update in the name of `request.by`; answers
 * the control state after it. A refusal (a second pause, anything after abort, an ended run)
 * becomes RunActionRefusedError with the validator's message.
 */
export function steerRollout(client: Client, workflowId: string, action: RolloutAction, request: OperatorRequest): Promise<RolloutControl> {
  const update = ROLLOUT_UPDATES[action];
  return refusing(client, workflowId, update.name, undefined, () => client.workflow.getHandle(workflowId).executeUpdate(update, { args: [request] }));
}

/** What operators asked of a deploy_model run so far (its getRolloutControl Query). */
export function rolloutControl(client: Client, workflowId: string): Promise<RolloutControl> {
  return client.workflow.getHandle(workflowId).query(getRolloutControlQuery);
}
