import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApprovalDecision, ApprovalOutcome, DagRunState, TaskStatus } from '../../common/dag';

/**
 * Query and Update names every DAG run answers. Generic names, so the Web UI, the CLI and any
 * pipeline use the same ones: `temporal workflow query --name getDagState`.
 */
export const getDagStateQuery = defineQuery<DagRunState>('getDagState');

/** Operator: run a task paused on failure again. Answers the task's new status. */
export const retryTaskUpdate = defineUpdate<TaskStatus, [taskId: string]>('retryTask');

/** Operator: mark a task paused on failure as skipped; its downstream sees it as skipped. */
export const skipTaskUpdate = defineUpdate<TaskStatus, [taskId: string]>('skipTask');

/** Operator: stop the run as failed; running tasks are cancelled, teardown tasks still run. */
export const failRunUpdate = defineUpdate<void, []>('failRun');

export interface ApprovalRequest {
  readonly taskId: string;
  readonly decision: ApprovalDecision;
  /** Who decides (a person or a policy), recorded in the task's output. */
  readonly by: string;
  readonly reason?: string;
  /** Facts about what was reviewed, checked by the approval task (e.g. `{ version: 6 }`). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A person (or policy) decides a waiting approval task. Answers the recorded outcome. */
export const decideApprovalUpdate = defineUpdate<ApprovalOutcome, [ApprovalRequest]>('decideApproval');
