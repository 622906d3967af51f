export { defineDag, DagBuilder } from './builder';
export type { ActivityInput, ActivityName, ActivityOutput, ApprovalOutcome, DagDefinition, DagOptions, SubDagOutput, Upstream } from './builder-types';
export { compileDag, type CompiledDag } from './compile';
export { DURATION_RULE, durationMs, durationString, formatDuration, parseDuration } from './duration';
export { DAG_ERROR_CODES, DagOutputTooLargeError, DagParamsError, DagValidationError, formatKiB, type DagErrorCode } from './errors';
export { withPendingActivities, type PendingActivityInfo } from './live-state';
export { dagToMermaid, STATE_COLOURS } from './mermaid';
export { checkOutputSize, DEFAULT_MAX_OUTPUT_BYTES, jsonByteLength, SMALL_OUTPUT_BYTES } from './output-size';
export { parseDagParams } from './params';
export { formatProgress, type NamedCount } from './progress';
export {
  countStates,
  modelVersionOf,
  OPEN_RUN_OUTCOMES,
  OUTCOME_ATTRIBUTE_VALUES,
  outcomeHeadline,
  outcomeOf,
  outcomesOfExecutionStatus,
  RUN_OUTCOMES,
  runOutcome,
  type OpenRunOutcome,
  type OutcomeAttributeValue,
  type OutcomeView,
  type RunOutcome,
} from './run-outcome';
export { runIdentity } from './run-types';
export type { ApprovalAwaiting, DagRunResult, PausedOnFailure, DagRunState, DagRunStatus, RunIdentity, TaskStatus, TaskSummary } from './run-types';
export { DagScheduler, type SchedulerSnapshot, type StateListener, type TaskOutcome } from './scheduler';
export { pausedUntil, TaskRecords, type CarriedRecords } from './task-records';
export { evaluateTriggerRule, type RuleVerdict, type UpstreamCounts } from './trigger-rules';
export {
  APPROVAL_DECISIONS,
  isTerminal,
  PAUSABLE_KINDS,
  RUN_KINDS,
  TASK_KINDS,
  TASK_STATES,
  TERMINAL_STATES,
  TRIGGER_RULES,
  type ActivityTaskSpec,
  type ApprovalDecision,
  type ApprovalRequestInfo,
  type ApprovalTaskSpec,
  type BranchTaskSpec,
  type ChildWorkflowTaskSpec,
  type MapTaskSpec,
  type SensorTaskSpec,
  type ShortCircuitTaskSpec,
  type JoinTaskSpec,
  type DagSpec,
  type DurationInput,
  type LogicalDatePolicy,
  type LogicalDateSource,
  type OnTaskFailure,
  type QueueChoice,
  type RunContext,
  type RunKind,
  type TaskContext,
  type TaskKind,
  type TaskOptions,
  type TaskSpec,
  type TaskState,
  type TriggerRule,
} from './types';
export { findCycle, findDagProblems, validateDag, type ValidateDagOptions } from './validate';
