import type { ApprovalDecision, LogicalDateSource, RunKind, TaskKind, TaskState } from './types';

/** One task as the `getDagState` Query shows it. Times are epoch milliseconds (workflow time). */
export interface TaskStatus {
  readonly taskId: string;
  readonly kind: TaskKind;
  readonly state: TaskState;
  /** Times the engine started the task (1, or more after operator retries). */
  readonly tries: number;
  /** Activity attempts of the last try, when known (the client-side live view fills it in). */
  readonly attempts?: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly error?: string;
  /** The output when at most 1 KiB as JSON; larger outputs show as `{ omittedBytes }`. */
  readonly output?: unknown;
  /** Mapped tasks: items in total and finished. */
  readonly mapped?: { readonly total: number; readonly done: number };
  readonly decision?: { readonly decision: ApprovalDecision; readonly by: string; readonly reason?: string };
  /** An approval task waiting for a decision: its prompt and when the wait times out. */
  readonly awaiting?: ApprovalAwaiting;
}

/** What a waiting approval task asks, and until when (then its default decision applies). */
export interface ApprovalAwaiting {
  /** The task's `prompt`, evaluated when the wait began; absent when the task has none. */
  readonly prompt?: string;
  /** Epoch milliseconds (workflow time) at which the task takes its default decision. */
  readonly deadline: number;
}

export type DagRunStatus = 'running' | 'paused' | 'draining' | 'success' | 'failed' | 'cancelled';

/** Which run this is: shared by the getDagState answer and the run's result. */
export interface RunIdentity {
  readonly dagId: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly logicalDate: string;
  readonly logicalDateSource: LogicalDateSource;
  readonly runKind: RunKind;
  readonly dagVersion: number;
}

/** The identity fields of a run's context (RunContext carries more). */
export function runIdentity(run: RunIdentity): RunIdentity {
  const { dagId, workflowId, runId, logicalDate, logicalDateSource, runKind, dagVersion } = run;
  return { dagId, workflowId, runId, logicalDate, logicalDateSource, runKind, dagVersion };
}

/** Result of the `getDagState` Query. */
export interface DagRunState extends RunIdentity {
  readonly status: DagRunStatus;
  /** e.g. `6/9 done · running: train_model` */
  readonly progress: string;
  /** Continue-as-new segments so far (0 for the first). */
  readonly segment: number;
  readonly counts: Readonly<Partial<Record<TaskState, number>>>;
  readonly tasks: readonly TaskStatus[];
}

/** Compact per-task line of the run result. */
export interface TaskSummary {
  readonly state: TaskState;
  readonly error?: string;
  readonly output?: unknown;
}

/** What a DAG workflow returns (and, when it fails, carries as the failure's details). */
export interface DagRunResult extends RunIdentity {
  /**
   * `forwarded`: this run started the run that owns its business key (`owner`) and ran no task;
   * `duplicate`: the key already had a running or completed run, so nothing ran (a no-op).
   */
  readonly state: 'success' | 'failed' | 'forwarded' | 'duplicate';
  /** forwarded / duplicate: the run that owns the business key. */
  readonly owner?: { readonly workflowId: string; readonly runId?: string };
  /** forwarded / duplicate: one sentence naming the owner. */
  readonly reason?: string;
  readonly segments: number;
  readonly counts: Readonly<Partial<Record<TaskState, number>>>;
  readonly tasks: Readonly<Record<string, TaskSummary>>;
}
