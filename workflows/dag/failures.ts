import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, TimeoutFailure } from '@temporalio/workflow';
import { DAG_ERROR_CODES } from '../../common/dag';

/**
 * One line for the Query and the result: the innermost cause of a task failure, with its type,
 * e.g. `TestFailure: boom` or `timeout: START_TO_CLOSE`.
 */
export function describeFailure(err: unknown): string {
  let e: unknown = err;
  while ((e instanceof ActivityFailure || e instanceof ChildWorkflowFailure) && e.cause) e = e.cause;
  if (e instanceof TimeoutFailure) return `timeout: ${e.timeoutType ?? 'unknown'}`;
  if (e instanceof ApplicationFailure) return e.type ? `${e.type}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
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
