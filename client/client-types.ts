import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { DagRunResult, DagRunState, DagRunStatus, RunKind, TaskStatus } from '../common/dag';
import type { Pool } from '../lib/db';
import type { WeeklyRetrainingParamsSchema } from '../workflows/retraining/weekly-retraining-params';

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
  /** PostgreSQL of the model registry, for listModels. @default process.env.DATABASE_URL */
  databaseUrl?: string;
  /** A pool on the registry's database instead of databaseUrl; close() leaves it open. */
  pool?: Pool;
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

export type StartRetrainingInput = WeeklyRetrainingParamsInput & RunOptions;

export interface StartRunInput extends RunOptions {
  /** The DAG's params, checked with its zod schema before anything is sent. @default {} */
  params?: unknown;
}

export interface StartedRun {
  readonly workflowId: string;
  readonly runId: string;
  /**
   * true when nothing was started because this business key already has a run, still running or
   * completed (`executionStatus` says which); a failed or cancelled run is started again.
   */
  readonly alreadyRunning: boolean;
  /** Temporal's status of the run now: RUNNING for a new one. */
  readonly executionStatus: string;
}

/**
 * One task of a run: from the live Query while running (every field), from the result once
 * closed (only id, state, error and output are known then).
 */
export type RunTask = Pick<TaskStatus, 'taskId' | 'state'> & Partial<Omit<TaskStatus, 'taskId' | 'state'>>;

export type RunStatus = DagRunStatus | 'terminated' | 'timed_out';

/** A run as getRun and waitForRun report it. */
export interface RunView {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT. */
  readonly executionStatus: string;
  /** The DAG's status while running (running, paused, draining), its outcome once closed. */
  readonly status: RunStatus;
  readonly closed: boolean;
  /** e.g. `6/13 done · running: train_model` */
  readonly progress: string;
  readonly logicalDate?: string;
  readonly tasks: readonly RunTask[];
  /** The getDagState answer (running runs), with up_for_retry filled in from pending activities. */
  readonly state?: DagRunState;
  /** What the workflow returned, or carried in its failure when tasks failed. */
  readonly result?: DagRunResult;
  /** Why a closed run did not succeed (failed tasks, invalid params, terminated, ...). */
  readonly failure?: string;
}
