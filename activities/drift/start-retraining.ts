import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { TASK_QUEUES } from '../../common/task-queues';
import { retrainingWorkflowId, startOfIsoWeek, WEEK_MS, weeklyDataInterval } from '../../common/time';
import { describeIssues } from '../data/data-inputs';
import type { ActivityDeps } from '../deps';
import { StartRetrainingInputSchema, type StartRetrainingInput } from './drift-inputs';

const RETRAINING_DAG = 'weekly_retraining';

export interface StartRetrainingResult {
  /** The run that retrains this week: the one started now, or the one found. */
  workflowId: string;
  /** `already running` covers a run of the week that has completed too: a week is retrained once. */
  outcome: 'started' | 'already running';
  runId?: string;
  dataInterval: { start: string; end: string };
}

/** The activity needs a client; inside a worker it is the worker's own (Context.client). */
export interface DriftActivityDeps extends ActivityDeps {
  /** @default the client of the worker running the activity */
  client?: Client;
}

export { retrainingWorkflowId };

/**
 * A run of this model whose logical date falls in the same ISO week, started under another id
 * (a Schedule names its runs `<id>-<scheduled time>`, not by the business key). Visibility lags
 * by a moment, so this catches runs started earlier; the business-key id catches the rest.
 */
async function findRunOfWeek(client: Client, modelName: string, logicalDate: string): Promise<string | undefined> {
  const weekStart = startOfIsoWeek(new Date(logicalDate));
  const weekEnd = new Date(weekStart.getTime() + WEEK_MS);
  const query = [
    `${SEARCH_ATTRIBUTES.dagId.name} = "${RETRAINING_DAG}"`,
    `${SEARCH_ATTRIBUTES.modelName.name} = "${modelName}"`,
    `${SEARCH_ATTRIBUTES.logicalDate.name} >= "${weekStart.toISOString()}"`,
    `${SEARCH_ATTRIBUTES.logicalDate.name} < "${weekEnd.toISOString()}"`,
    '(ExecutionStatus = "Running" OR ExecutionStatus = "Completed")',
  ].join(' AND ');
  for await (const execution of client.workflow.list({ query, pageSize: 1 })) return execution.workflowId;
  return undefined;
}

export function createStartRetraining({ logger, client: injected }: DriftActivityDeps) {
  /**
   * start_retraining: starts weekly_retraining for the week before the logical date's week under
   * its business-key id with ALLOW_DUPLICATE_FAILED_ONLY, unless that week already has a run (from
   * the Schedule, the main job, a backfill or an earlier monitor run). Idempotent: a retry finds
   * the run the first attempt started.
   */
  return async function startRetraining(input: StartRetrainingInput): Promise<StartRetrainingResult> {
    const parsed = StartRetrainingInputSchema.safeParse(input);
    if (!parsed.success) throw ApplicationFailure.nonRetryable(`startRetraining input is invalid: ${describeIssues(parsed.error, input)}`, 'InvalidInput');
    const { modelName, logicalDate, params, reason } = parsed.data;
    const client = injected ?? Context.current().client;
    const workflowId = retrainingWorkflowId(modelName, logicalDate);
    const dataInterval = weeklyDataInterval(new Date(logicalDate));
    const existing = await findRunOfWeek(client, modelName, logicalDate);
    if (existing) {
      logger.info({ modelName, workflowId: existing }, 'retraining of this week already started');
      return { workflowId: existing, outcome: 'already running', dataInterval };
    }
    try {
      const handle = await client.workflow.start(RETRAINING_DAG, {
        taskQueue: TASK_QUEUES.cpu,
        workflowId,
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        args: [{ params: { ...params, modelName }, logicalDate, runKind: 'manual' }],
        staticSummary: `Retrain ${modelName} for ${dataInterval.start.slice(0, 10)}..${dataInterval.end.slice(0, 10)} (drift)`,
        staticDetails: `Started by **drift_monitor**: ${reason}. Data interval ${dataInterval.start} – ${dataInterval.end}, logical date ${logicalDate}.`,
      });
      logger.info({ modelName, workflowId }, 'retraining started on drift');
      return { workflowId, outcome: 'started', runId: handle.firstExecutionRunId, dataInterval };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      logger.info({ modelName, workflowId }, 'retraining of this week already started');
      return { workflowId, outcome: 'already running', dataInterval };
    }
  };
}
