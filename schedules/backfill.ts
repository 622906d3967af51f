import { WorkflowFailedError, type Client } from '@temporalio/client';
import { prepareRun, startPrepared, type PreparedRun } from '../client/start-run';
import { TASK_QUEUES } from '../common/task-queues';
import { logicalDateProblem } from '../workflows/dag/run-input';
import { weeklyDataInterval, weeklyLogicalDates, type DataInterval } from '../common/time';

export interface BackfillRequest {
  /** DAG id = workflow type, e.g. `weekly_retraining`. */
  dag: string;
  /** Passed as `params.modelName` (weekly_retraining keys its runs by model and week). */
  modelName?: string;
  /** One run per week boundary (Monday 00:00 UTC) in [from, to]. */
  from: Date | string;
  to: Date | string;
  /** DAG params of every run; `modelName` is set from the request when given. @default {} */
  params?: Record<string, unknown>;
}

/** One week of a backfill: what will be started, and under which id. */
export interface BackfillRun {
  /** The DAG's business key (client/workflow-ids.ts): the same key every other starter uses. */
  workflowId: string;
  /** ISO instant; the run's data interval is the complete week before it. */
  logicalDate: string;
  dataInterval: DataInterval;
  dag: string;
  params: Record<string, unknown>;
  /** The checked start request (client/start-run.ts), as every other starter builds it. */
  prepared: PreparedRun;
}

export interface RunBackfillOptions {
  /**
   * Runs in flight at once (Airflow's `max_active_runs`): a week starts when an earlier one has
   * finished. @default 1
   */
  maxConcurrent?: number;
  /**
   * false: start every week without waiting for runs to finish (maxConcurrent then only limits
   * concurrent start calls). @default true
   */
  waitForCompletion?: boolean;
  /** @default TASK_QUEUES.cpu */
  taskQueue?: string;
}

export type BackfillOutcome =
  /** Started by this backfill; `result` says how it ended when waitForCompletion is true. */
  | { run: BackfillRun; outcome: 'started'; runId: string; result?: 'completed' | 'failed' }
  /** The week already has a run (running or completed), so nothing was started. */
  | { run: BackfillRun; outcome: 'exists' }
  /** The start call itself failed (for example the server was unreachable). */
  | { run: BackfillRun; outcome: 'error'; error: string };

function toDate(field: 'from' | 'to', value: Date | string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`backfill ${field} ${JSON.stringify(value)} is invalid: expected an ISO date such as 2002-09-02`);
  const problem = logicalDateProblem(date.toISOString(), new Date());
  if (problem) {
    throw new RangeError(
      `backfill ${field} ${JSON.stringify(value)} is invalid: expected ${problem.replace(/^input\.logicalDate: /, '').replace(/; got .*$/, '')}`,
    );
  }
  return date;
}

/**
 * The runs of a backfill over [from, to]: one per weekly interval, each with its own logical date
 * (the Monday that closes the interval) and a business-key workflow id, so backfilling a range
 * twice, or a range the Schedule or main job already ran, starts each week at most once.
 */
export function planBackfill(request: BackfillRequest): BackfillRun[] {
  const from = toDate('from', request.from);
  const to = toDate('to', request.to);
  if (from.getTime() > to.getTime()) {
    throw new RangeError(`backfill from ${from.toISOString()} is after to ${to.toISOString()}: expected from <= to`);
  }
  // Every week is checked (params, key) before the first one starts: a bad param starts nothing.
  return weeklyLogicalDates(from, to).map((logical) => {
    const params = request.modelName !== undefined ? { ...request.params, modelName: request.modelName } : { ...request.params };
    const prepared = prepareRun(request.dag, { params, logicalDate: logical.toISOString(), runKind: 'backfill' }, { startedBy: 'a backfill' });
    return {
      workflowId: prepared.workflowId,
      logicalDate: prepared.logicalDate,
      dataInterval: weeklyDataInterval(logical),
      dag: request.dag,
      params,
      prepared,
    };
  });
}

/**
 * Starts the planned runs with runKind `backfill`, oldest week first, at most `maxConcurrent` at
 * a time. Id reuse policy ALLOW_DUPLICATE_FAILED_ONLY: a week whose run failed is started again;
 * one that is running or completed is reported as `exists`.
 */
export async function runBackfill(client: Client, plan: readonly BackfillRun[], options: RunBackfillOptions = {}): Promise<BackfillOutcome[]> {
  const maxConcurrent = options.maxConcurrent ?? 1;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`maxConcurrent must be a positive integer (got ${JSON.stringify(maxConcurrent)})`);
  }
  const wait = options.waitForCompletion ?? true;
  const outcomes: BackfillOutcome[] = new Array(plan.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.length) {
      const index = next++;
      outcomes[index] = await runOne(client, plan[index]!, options.taskQueue ?? TASK_QUEUES.cpu, wait);
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxConcurrent, plan.length) }, lane));
  return outcomes;
}

async function runOne(client: Client, run: BackfillRun, taskQueue: string, wait: boolean): Promise<BackfillOutcome> {
  let runId: string;
  try {
    const started = await startPrepared(client, taskQueue, run.prepared);
    if (started.alreadyRunning) return { run, outcome: 'exists' };
    runId = started.runId;
  } catch (err) {
    return { run, outcome: 'error', error: (err as Error).message };
  }
  if (!wait) return { run, outcome: 'started', runId };
  try {
    await client.workflow.getHandle(run.workflowId, runId).result();
    return { run, outcome: 'started', runId, result: 'completed' };
  } catch (err) {
    if (err instanceof WorkflowFailedError) return { run, outcome: 'started', runId, result: 'failed' };
    throw err;
  }
}
