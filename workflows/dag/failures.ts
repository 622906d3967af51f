import { ActivityFailure, ApplicationFailure, CancelledFailure, ChildWorkflowFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/workflow';
import { DAG_ERROR_CODES } from '../../common/dag';

/**
 * One line for the Query and the result: the innermost cause of a task failure, with its type,
 * e.g. `TestFailure: boom` or `timeout: START_TO_CLOSE`.
 */
export function describeFailure(err: unknown): string {
  const e = innermost(err);
  if (e instanceof TimeoutFailure) return `timeout: ${e.timeoutType ?? 'unknown'}`;
  if (e instanceof ApplicationFailure) return e.type ? `${e.type}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * The `error_type` metric label of a task failure: the innermost cause's ApplicationFailure type
 * (`InsufficientData`, `DagRunFailed`), `timeout_<TYPE>`, `cancelled`, `terminated`, or the error's
 * class name. Types come from code, never from messages, so the label's values stay few.
 */
export function failureType(err: unknown): string {
  const e = innermost(err);
  if (e instanceof TimeoutFailure) return `timeout_${e.timeoutType ?? 'unknown'}`;
  if (e instanceof CancelledFailure) return 'cancelled';
  if (e instanceof TerminatedFailure) return 'terminated';
  if (e instanceof ApplicationFailure) return e.type || 'ApplicationFailure';
  if (e instanceof Error) return e.name;
  return 'unknown';
}

function innermost(err: unknown): unknown {
  let e: unknown = err;
  while ((e instanceof ActivityFailure || e instanceof ChildWorkflowFailure) && e.cause) e = e.cause;
  return e;
}

/** Attempts made when Temporal gave up because retries ran out; undefined when unknown. */
export function attemptsOf(err: unknown, maximumAttempts: number): number | undefined {
  if (err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED') return maximumAttempts;
  return undefined;
}

/** A run refused before any task: the message lists every problem, one per line. */
export function invalidRun(dagId: string, problems: readonly string[], type: string = DAG_ERROR_CODES.invalidParams): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`run of DAG "${dagId}" is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, type, { problems });
}
