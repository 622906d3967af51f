import type { OutcomeAttributeValue } from './run-outcome';
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
  /** An approval task waiting for a decision: its prompt, the version it decides on, until when. */
  readonly awaiting?: ApprovalAwaiting;
  /** A task in `paused_on_failure`: what an operator can do, and until when. */
  readonly paused?: PausedOnFailure;
}

/** What a waiting approval task asks, and until when (then its default decision applies). */
export interface ApprovalAwaiting {
  /** The task's `prompt`, evaluated when the wait began; absent when the task has none. */
  readonly prompt?: string;
  /** Epoch milliseconds (workflow time) at which the task takes its default decision. */
  readonly deadline: number;
  /** `deadline` as an ISO 8601 UTC instant, e.g. `2002-10-02T03:00:00.000Z`. */
  readonly deadlineAt?: string;
  /**
   * The model version decided on (the task's `subject`): what a decision names in
   * `details: { model, version }`; absent when the task has no subject.
   */
  readonly awaitedVersion?: { readonly model: string; readonly version: number };
  /** What happens when nobody decides before the deadline. */
  readonly defaultDecision?: ApprovalDecision;
  /** Who may decide (a decision's `by`), when the task names them; absent: anyone who can send it. */
  readonly approvers?: readonly string[];
}

/** A task that failed past its retries and waits for retryTask, skipTask or failRun. */
export interface PausedOnFailure {
  /** The Updates that apply: always all three while the run is not stopping. */
  readonly actions: readonly ('retryTask' | 'skipTask' | 'failRun')[];
  /** Epoch milliseconds (workflow time) after which the task fails; absent: it waits forever. */
  readonly deadline?: number;
  /** `deadline` as an ISO 8601 UTC instant. */
  readonly deadlineAt?: string;
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
  /**
   * The run's `Outcome` search attribute as it stands: `waiting_for_approval` or `paused` while a
   * person must act, the outcome (`promoted`, `gate_failed`, ...) once the tasks ended; absent
   * while the run just runs.
   */
  readonly outcome?: OutcomeAttributeValue;
  /**
   * One line for people, also the run's current details in the Web UI: `waiting for approval of
   * spam v7 until 2002-10-02T03:00:00Z`, `paused: train_model failed: ...`, `promoted spam v7 (F1 0.953)`.
   */
  readonly headline?: string;
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
