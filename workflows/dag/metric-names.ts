/**
 * Names and labels of the metrics the DAG engine emits from workflow code (workflows/dag/dag-metrics.ts).
 * Constants only, so the Node side (lib/metrics, docs, tests) reads the same names. Every metric
 * also carries the labels the SDK's workflow meter adds: `namespace`, `taskQueue`, `workflowType`.
 */
export const DAG_METRICS = {
  /** Counter: runs started (first segment only; continue-as-new is the same run). Labels: dag, run_kind. */
  runsStarted: 'factory_dag_runs_started_total',
  /** Counter: runs ended. Labels: dag, outcome (one of RUN_OUTCOMES). */
  runsFinished: 'factory_dag_runs_finished_total',
  /** Histogram (seconds): time from a task's start to its end. Labels: dag, task, kind, outcome (success | failed). */
  taskDuration: 'factory_dag_task_duration_seconds',
  /** Counter: tasks that failed (after Temporal's retries). Labels: dag, task, error_type. */
  taskFailures: 'factory_dag_task_failures_total',
  /** Counter: a task started again by an operator's retryTask. Labels: dag, task. */
  taskRetries: 'factory_dag_task_retries_total',
  /** Counter: an activity attempt after the first (Temporal's retry policy), counted by the worker. Labels: dag, task, activity. */
  activityRetries: 'factory_dag_activity_retries_total',
  /** Histogram (seconds): how long an approval task waited. Labels: dag, task, decision, timed_out. */
  approvalWait: 'factory_dag_approval_wait_seconds',
} as const;

/** How a run ended, the `outcome` label of runsFinished. */
export const RUN_OUTCOMES = {
  success: 'success',
  failed: 'failed',
  cancelled: 'cancelled',
  /** Refused before any task: bad params, input or DAG structure. */
  invalid: 'invalid',
  /** Another run owns the business key; this one handed over to it. */
  delegated: 'delegated',
} as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[keyof typeof RUN_OUTCOMES];
