import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { DagRunResult, DagRunState, DagRunStatus, RunKind, TaskStatus } from '../common/dag';
import type { WeeklyRetrainingParamsSchema } from '../workflows/retraining/weekly-retraining-params';
import type { ParamDifference } from './errors';
import type { RunOutcome } from './run-outcome';

export interface FactoryClientOptions {
  /**
   * A connected Temporal client to use; close() leaves its connection open.
   * @default connects with @temporalio/envconfig: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
   * TEMPORAL_API_KEY, TEMPORAL_TLS_* or a TEMPORAL_PROFILE; unset, 127.0.0.1:7233 (`npm start`)
   */
  client?: Client;
  /** @default the injected client's namespace, else envconfig's, else "default" */
  namespace?: string;
  /** Task queue new runs start on (where the workflow workers poll). @default "factory-cpu" */
  taskQueue?: string;
  /** How long connecting may take before TemporalUnavailableError. @default 5000 (ms) */
  connectTimeoutMs?: number;
  /**
   * Deadline of every call to Temporal (each method's calls together; waitForRun has its own
   * `timeoutMs`). Past it, or when the server cannot be reached, the call throws
   * TemporalUnavailableError instead of retrying for about 20 s and throwing a raw ServiceError.
   * @default 10000 (ms)
   */
  callTimeoutMs?: number;
  /** PostgreSQL of the model registry, for the registry reads. @default process.env.DATABASE_URL */
  databaseUrl?: string;
  /** A `pg` Pool on the registry's database instead of databaseUrl; close() leaves it open. */
  pool?: RegistryPool;
}

/**
 * A `pg` Pool, described by the methods the registry reads use, so that the client's types need
 * no pg: a service that only talks to Temporal installs neither pg nor its types.
 */
export interface RegistryPool {
  query(...args: never[]): Promise<unknown>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/** Params of `weekly_retraining` as a caller writes them: every field optional (defaults apply). */
export type WeeklyRetrainingParamsInput = z.input<typeof WeeklyRetrainingParamsSchema>;

/** When and why a run is started; both are checked like the params. */
export interface RunOptions {
  /** ISO-8601 instant with offset; fixes the data interval and the business-key id. @default now */
  logicalDate?: string;
  /** @default "manual" */
  runKind?: RunKind;
}

/** How a start treats an existing run of its business key. */
export interface AttachOptions {
  /**
   * When the key already has a running or completed run with other params: `warn` attaches and
   * lists the differences in `paramsDiffer`; `error` throws RunParamsDifferError instead.
   * Nothing new starts in either case. @default "warn"
   */
  onParamsDiffer?: 'warn' | 'error';
}

export type StartRetrainingInput = WeeklyRetrainingParamsInput & RunOptions & AttachOptions;

export interface StartRunInput extends RunOptions, AttachOptions {
  /** The DAG's params, checked with its zod schema before anything is sent. @default {} */
  params?: unknown;
}

export interface StartedRun {
  readonly workflowId: string;
  readonly runId: string;
  /**
   * true when nothing was started because this business key already has a run, still running or
   * completed (`executionStatus` says which): the call attached to it. A failed or cancelled run
   * is started again.
   */
  readonly alreadyRunning: boolean;
  /** Temporal's status of the run now: RUNNING for a new one. */
  readonly executionStatus: string;
  /**
   * Attached runs only: every param whose value differs from the existing run's, both after the
   * DAG's defaults. Absent when nothing was attached or the params match.
   */
  readonly paramsDiffer?: readonly ParamDifference[];
}

/**
 * One task of a run: from the live Query while running (every field), from the result once
 * closed (only id, state, error and output are known then).
 */
export type RunTask = Pick<TaskStatus, 'taskId' | 'state'> & Partial<Omit<TaskStatus, 'taskId' | 'state'>>;

/**
 * The DAG's status: while open `running`, `paused`, `draining` or `waiting_for_approval` (an
 * approval task waits for a decision: see `awaitingApproval`); once closed `success`, `failed`,
 * `cancelled`, `terminated` or `timed_out` (what happened in business terms is `outcome`).
 */
export type RunStatus = DagRunStatus | 'waiting_for_approval' | 'terminated' | 'timed_out';

/** The approval a run waits for. */
export interface AwaitingApproval {
  readonly taskId: string;
  /** The task's prompt, e.g. `Promote spam v6 to champion?` */
  readonly prompt?: string;
  /** ISO instant when the task takes its default decision (weekly_retraining: reject). */
  readonly deadline: string;
  /** The model and version awaiting approval, when an upstream task registered one. */
  readonly model?: string;
  readonly version?: number;
}

/** A run as getRun and waitForRun report it. */
export interface RunView {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT. */
  readonly executionStatus: string;
  /** The DAG's status while running, how it ended once closed (RunStatus). */
  readonly status: RunStatus;
  readonly closed: boolean;
  /** e.g. `6/13 done · running: train_model` */
  readonly progress: string;
  readonly logicalDate?: string;
  readonly tasks: readonly RunTask[];
  /** status `waiting_for_approval`: what is asked, of which version, until when. */
  readonly awaitingApproval?: AwaitingApproval;
  /** Closed runs: what the run achieved (`gate_failed`, `rejected`, `promoted`, ...). */
  readonly outcome?: RunOutcome;
  /** Closed runs: one sentence on why, e.g. `gate failed: f1 0.41 < 0.6`. */
  readonly outcomeReason?: string;
  /** The model version this run registered, when it registered one. */
  readonly registered?: { readonly model: string; readonly version: number };
  /** The getDagState answer (running runs), with up_for_retry filled in from pending activities. */
  readonly state?: DagRunState;
  /** What the workflow returned, or carried in its failure when tasks failed. */
  readonly result?: DagRunResult;
  /** Why a closed run did not succeed (failed tasks, invalid params, terminated, ...). */
  readonly failure?: string;
}

export interface WaitForRunOptions {
  /** Give up waiting after this long with RunWaitTimeoutError (the run goes on). @default no limit */
  timeoutMs?: number;
  /** Stops waiting when aborted: the call rejects with `signal.reason`; the run goes on. */
  signal?: AbortSignal;
}

/** Temporal's execution statuses, as listRuns filters them. */
export type ExecutionStatusFilter = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out';

/** What listRuns selects; every field narrows the list (AND). */
export interface ListRunsFilter {
  /** A DAG of the catalog (`DAGS`), e.g. `weekly_retraining`. */
  dagId?: string;
  /** The `ModelName` search attribute (weekly_retraining's params.modelName). */
  model?: string;
  /** Temporal's execution status of the run. */
  status?: ExecutionStatusFilter | readonly ExecutionStatusFilter[];
  /**
   * What closed runs achieved. Filtered on the server by execution status first, then by reading
   * each remaining closed run's result (one history read per run), so combine it with `dagId`,
   * `model` or a logical-date range on large namespaces.
   */
  outcome?: RunOutcome | readonly RunOutcome[];
  runKind?: RunKind;
  /** ISO instants (inclusive) on the `LogicalDate` search attribute. */
  logicalDateFrom?: string;
  logicalDateTo?: string;
  /** Most runs returned, newest first. @default 100 */
  limit?: number;
}

/** One run as listRuns reports it: visibility data, plus the outcome of closed runs when filtered on it. */
export interface RunSummary {
  readonly workflowId: string;
  readonly runId: string;
  readonly dagId?: string;
  readonly model?: string;
  readonly logicalDate?: string;
  readonly runKind?: string;
  /** RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT */
  readonly executionStatus: string;
  readonly startTime: string;
  readonly closeTime?: string;
  /** Closed runs, when the filter named an outcome (it costs a history read per run). */
  readonly outcome?: RunOutcome;
  readonly outcomeReason?: string;
}
