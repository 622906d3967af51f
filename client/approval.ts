import type { Client } from '@temporalio/client';
import type { ApprovalDecision, ApprovalOutcome } from '../common/dag';
import { decideApprovalUpdate } from '../workflows/dag/definitions';
import { ApprovalRejectedByValidatorError } from './errors';
import { refusalOf } from './operator';

/** The approval task of `weekly_retraining` (params.approval = "manual"). */
export const PROMOTION_APPROVAL_TASK = 'approve_promotion';

export interface ApprovalInput {
  readonly workflowId: string;
  /** Who decides; recorded in the task's output and, on approval, in the registry's alias history. */
  readonly by: string;
  readonly reason?: string;
  /** Approval task of another DAG. @default "approve_promotion" */
  readonly taskId?: string;
  /** The version that was reviewed; the run refuses the decision if another one awaits approval. */
  readonly version?: number;
  /** The model that was reviewed; the run refuses the decision if it awaits another model. */
  readonly model?: string;
}

/**
 * Sends the decideApproval Update and waits for the recorded outcome. A refusal by the run's
 * validator (task not waiting, empty `by`, ...) or a run that has ended becomes
 * ApprovalRejectedByValidatorError; an unknown id becomes RunNotFoundError.
 */
export async function decideApproval(client: Client, decision: ApprovalDecision, input: ApprovalInput): Promise<ApprovalOutcome> {
  const taskId = input.taskId ?? PROMOTION_APPROVAL_TASK;
  const details = { ...(input.model !== undefined ? { model: input.model } : {}), ...(input.version !== undefined ? { version: input.version } : {}) };
  const request = {
    taskId,
    decision,
    by: input.by,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
  try {
    return await client.workflow.getHandle(input.workflowId).executeUpdate(decideApprovalUpdate, { args: [request] });
  } catch (err) {
    const reason = await refusalOf(client, input.workflowId, err);
    if (reason === undefined) throw err;
    throw new ApprovalRejectedByValidatorError(input.workflowId, taskId, decision, reason, { cause: err });
  }
}
