import type { ApprovalOutcome, CompiledDag, RunContext, TaskContext, TaskOutcome, TaskRecords } from '../../common/dag';
import type { DagMetrics } from './dag-metrics';
import type { DagRunInput } from './run-input';

/** What a task executor needs from the run; keeps executors free of the run's internals. */
export interface TaskEnv {
  readonly compiled: CompiledDag;
  readonly input: DagRunInput;
  readonly run: RunContext;
  readonly records: TaskRecords;
  readonly metrics: DagMetrics;
  /** Resolves with the operator's decision, or undefined after `timeoutMs`. */
  waitForDecision(index: number, timeoutMs: number): Promise<ApprovalOutcome | undefined>;
}

/** A task's invocation: which task, which try, and what its callbacks see. */
export interface TaskCall {
  readonly index: number;
  readonly tryNumber: number;
  readonly ctx: TaskContext<unknown, Record<string, unknown>>;
}

export interface TaskResult {
  readonly outcome: TaskOutcome;
  readonly output?: unknown;
}
