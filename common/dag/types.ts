import type { z } from 'zod';

/**
 * Task states, named as in Airflow so operators read them the same way. `none`: not yet decided;
 * `scheduled`: ready, waiting for a pool slot; `running`: its activity, timer or child is in
 * flight; `up_for_retry` is reported by the client-side live view (Temporal retries activities on
 * the server, so the workflow itself only sees the final outcome); `paused_on_failure`: failed
 * after its retries in a DAG with `onTaskFailure: 'pause'`, waiting for an operator decision.
 */
export const TASK_STATES = ['none', 'scheduled', 'running', 'up_for_retry', 'paused_on_failure', 'success', 'failed', 'skipped', 'upstream_failed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['success', 'failed', 'skipped', 'upstream_failed']);

export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

/** Airflow's trigger rules, with Airflow's meaning (see trigger-rules.ts). */
export const TRIGGER_RULES = [
  'all_success',
  'all_failed',
  'all_done',
  'all_skipped',
  'one_success',
  'one_failed',
  'one_done',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'always',
] as const;
export type TriggerRule = (typeof TRIGGER_RULES)[number];

export const TASK_KINDS = ['activity', 'child_workflow', 'branch', 'short_circuit', 'join', 'sensor', 'approval', 'map'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Milliseconds, or a string such as `"500ms"`, `"30s"`, `"5m"`, `"2h"`, `"1d"`. */
export type DurationInput = number | string;

/** Where an activity runs: a queue kind from common/task-queues.ts, or an explicit queue name. */
export type QueueChoice = 'cpu' | 'gpu' | { readonly name: string };

export interface BackoffOptions {
  /** Delay before the first retry. @default "10s" */
  readonly initial?: DurationInput;
  /** Multiplier applied to the delay after each retry. @default 2 */
  readonly coefficient?: number;
  /** Upper bound of the delay. @default 100 × initial */
  readonly maximum?: DurationInput;
}

/** Options every task inherits from the DAG's `defaults` (Airflow's `default_args`). */
export interface TaskOptions {
  /**
   * Retries after the first attempt (Airflow's `retries`). `'unlimited'` retries for as long as
   * `scheduleToCloseTimeout` allows (required with it): for steps that resume from checkpoints,
   * where a count would fail a run on its Nth crash however much time is left. @default 0
   */
  readonly retries?: number | 'unlimited';
  readonly backoff?: BackoffOptions;
  /** Error types (ApplicationFailure `type` or error class name) that are never retried. */
  readonly nonRetryableErrorTypes?: readonly string[];
  /** Time limit of one attempt (Airflow's `execution_timeout`). @default "1h" */
  readonly startToCloseTimeout?: DurationInput;
  /** Time limit of all attempts together, retries and backoff included. @default unlimited */
  readonly scheduleToCloseTimeout?: DurationInput;
  /** Long activities must heartbeat at least this often. @default none */
  readonly heartbeatTimeout?: DurationInput;
  /** @default "cpu" */
  readonly queue?: QueueChoice;
}

/** What a task's `input` function and in-workflow decisions see about the run. */
export interface RunContext {
  readonly dagId: string;
  readonly workflowId: string;
  /** The first run id of the chain; stable across continue-as-new. */
  readonly runId: string;
  /** ISO instant: the input's `logicalDate`, else the schedule's start time, else the run start. */
  readonly logicalDate: string;
  /** `[logicalDate − dataInterval, logicalDate)`: the slice of data this run is responsible for. */
  readonly dataInterval: { readonly start: string; readonly end: string };
  readonly runKind: RunKind;
  readonly logicalDateSource: LogicalDateSource;
  /** The DAG version this run executes (kept across continue-as-new). */
  readonly dagVersion: number;
  /**
   * `<workflowId>/<runId>`: the prefix of run-scoped keys (checkpoints, artifacts, registration).
   * Retries of a task inside the run reuse it; a new run of the same business key gets a new one.
   */
  readonly runScope: string;
}

export const RUN_KINDS = ['scheduled', 'manual', 'backfill'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The argument of every user callback: params, outputs of the declared deps, the run. */
export interface TaskContext<P, U> {
  readonly params: P;
  readonly upstream: U;
  readonly run: RunContext;
}

/** Untyped callback signature stored in specs; the builder gives the typed view. */
export type ContextFn<R> = (ctx: TaskContext<unknown, Record<string, unknown>>) => R;

interface TaskSpecBase extends TaskOptions {
  readonly id: string;
  readonly deps: readonly string[];
  readonly triggerRule: TriggerRule;
  /** Teardown tasks run whatever happened, even after cancellation, and never fail the run. */
  readonly teardown: boolean;
  readonly doc?: string;
  /**
   * What a failure past the task's retries does: `fail` the task (downstream follows its trigger
   * rules), or `pause` it in `paused_on_failure` until an operator sends retryTask, skipTask or
   * failRun. Only tasks that run work (activity, map, sensor, child workflow) pause; never teardown.
   * A task's own `pause` still fails on the error types in its `nonRetryableErrorTypes`: declared
   * verdicts (invalid data, a diverging loss) that running it again would only repeat.
   * @default the DAG's `onTaskFailure`
   */
  readonly onFailure?: OnTaskFailure;
  /**
   * With `onFailure: 'pause'`: how long the task waits for an operator before it fails, as a
   * duration or computed from the run (a param). @default forever
   */
  readonly pauseTimeout?: DurationInput | ContextFn<DurationInput>;
}

export interface ActivityTaskSpec extends TaskSpecBase {
  readonly kind: 'activity';
  readonly activity: string;
  readonly input?: ContextFn<unknown>;
}

export interface ChildWorkflowTaskSpec extends TaskSpecBase {
  readonly kind: 'child_workflow';
  readonly workflowType: string;
  readonly args: ContextFn<readonly unknown[]>;
  /** Set when the child is a DAG: its input is built from `args()[0]` as params. */
  readonly subDag: boolean;
}

export interface BranchTaskSpec extends TaskSpecBase {
  readonly kind: 'branch';
  readonly choose: ContextFn<readonly string[] | string>;
}

export interface ShortCircuitTaskSpec extends TaskSpecBase {
  readonly kind: 'short_circuit';
  readonly condition: ContextFn<boolean>;
  /** true (Airflow's default): every task downstream is skipped, whatever its trigger rule. */
  readonly ignoreDownstreamTriggerRules: boolean;
}

/**
 * Where paths meet and nothing is done (Airflow's EmptyOperator): succeeds as soon as its trigger
 * rule lets it run, with no activity, timer or other command, and no output.
 */
export interface JoinTaskSpec extends TaskSpecBase {
  readonly kind: 'join';
}

export interface SensorTaskSpec extends TaskSpecBase {
  readonly kind: 'sensor';
  readonly activity: string;
  readonly input?: ContextFn<unknown>;
  readonly pokeInterval: DurationInput;
  readonly timeout: DurationInput;
  /** On timeout, end as `skipped` instead of `failed` (Airflow's `soft_fail`). */
  readonly softFail: boolean;
}

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What a decision Update carries, as an approval task's `checkRequest` sees it. */
export interface ApprovalRequestInfo {
  readonly decision: ApprovalDecision;
  readonly by: string;
  readonly reason?: string;
  /** Free-form facts the decider states, e.g. `{ model, version }` of what was reviewed. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ApprovalTaskSpec extends TaskSpecBase {
  readonly kind: 'approval';
  readonly timeout: DurationInput;
  /** Computes the timeout from the run (for example a param); `timeout` applies when absent. */
  readonly timeoutFrom?: ContextFn<DurationInput>;
  /**
   * Extra check in the decision Update's validator (for example: the version named in the
   * request is the one awaiting approval). Throw to refuse; nothing is written to history.
   */
  readonly checkRequest?: (request: ApprovalRequestInfo, ctx: TaskContext<unknown, Record<string, unknown>>) => void;
  readonly defaultDecision: ApprovalDecision;
  /** `skip`: the rejected approval succeeds and its direct downstream sees it as skipped. */
  readonly onReject: 'skip' | 'fail';
  readonly prompt?: ContextFn<string>;
  /** The model version this approval decides on, shown in getDagState (`awaiting.awaitedVersion`). */
  readonly subject?: ContextFn<{ readonly model: string; readonly version: number }>;
  /**
   * Who may decide (the decision's `by`); none or an empty list: anyone who can send the Update.
   * `by` is what the sender states, so this guards against a decision by the wrong person, not
   * against someone lying about who they are (that is the console's token and Temporal's auth).
   */
  readonly approvers?: ContextFn<readonly string[]>;
}

export interface MapTaskSpec extends TaskSpecBase {
  readonly kind: 'map';
  readonly activity: string;
  readonly over: ContextFn<readonly unknown[]>;
  readonly itemInput: (item: unknown, index: number, ctx: TaskContext<unknown, Record<string, unknown>>) => unknown;
  readonly maxConcurrency: number;
}

export type TaskSpec =
  ActivityTaskSpec | ChildWorkflowTaskSpec | BranchTaskSpec | ShortCircuitTaskSpec | JoinTaskSpec | SensorTaskSpec | ApprovalTaskSpec | MapTaskSpec;

export type OnTaskFailure = 'fail' | 'pause';

/** Task kinds that run work and so may pause on failure (`onFailure: 'pause'`). */
export const PAUSABLE_KINDS: ReadonlySet<TaskKind> = new Set(['activity', 'map', 'sensor', 'child_workflow']);

/** A DAG as data: what validation, the scheduler, the runtime and the renderers read. */
export interface DagSpec<P = unknown> {
  readonly id: string;
  readonly summary: string;
  readonly docs?: string;
  readonly params: z.ZodType<P>;
  readonly defaults: TaskOptions;
  /** Tasks running at once in one run (Airflow's pool / `max_active_tasks`). @default unlimited */
  readonly maxActiveTasks?: number;
  readonly onTaskFailure: OnTaskFailure;
  /** Largest output passed downstream by value. @default 262144 (256 KiB) */
  readonly maxOutputBytes: number;
  /** Length of the data interval ending at the logical date. @default "1d" */
  readonly dataInterval: DurationInput;
  /** When set, every activity a task names must be in this list. */
  readonly activities?: readonly string[];
  /**
   * Version of this definition (see docs/versioning.md). A run keeps the version it started
   * with; `dagWorkflow(current, ...previous)` serves runs of older versions. @default 1
   */
  readonly version: number;
  /**
   * The run's business key: at most one run per key is running or has completed (a failed one
   * can be run again). A run started under another workflow id (a Schedule, the Web UI form)
   * starts the keyed run and ends as `forwarded`; a second start of a completed key ends as
   * `duplicate`. Without it, every workflow id is its own run.
   */
  // Method syntax: a DAG's params type narrows `P`, and a method's parameters are bivariant.
  runKey?(run: { readonly params: P; readonly logicalDate: string }): string;
  /**
   * `required`: a run without a logical date (none in the input, not started by a Schedule) fails
   * at once. `run-start`: it defaults to the run's start time, recorded as such. @default "run-start"
   */
  readonly logicalDate: LogicalDatePolicy;
  readonly tasks: readonly TaskSpec[];
}

export type LogicalDatePolicy = 'required' | 'run-start';

/** Where a run's logical date came from. */
export type LogicalDateSource = 'input' | 'schedule' | 'run-start';
