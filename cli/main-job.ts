import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DagRunResult } from '../common/dag';
import { TASK_QUEUES } from '../common/task-queues';
import { retrainingWorkflowId, weeklyDataInterval } from '../common/time';
import { uiRunUrl } from '../lib/temporal';

/**
 * The embedded default's demo week: the SpamAssassin corpus ends in late 2002, so the main job
 * retrains as of Monday 2002-09-30 (data interval: the week of 2002-09-23), holding out the last
 * two weeks, which contain both spam and ham.
 */
export const CORPUS_LOGICAL_DATE = '2002-09-30T03:00:00Z';

export interface MainJobOptions {
  client: Client;
  uiUrl: string | undefined;
  namespace: string;
  logger: Logger;
  logicalDate: string;
  /** weekly_retraining params; the workflow validates them (a bad one fails the run at once). */
  params: Record<string, unknown> & { modelName?: unknown };
}

export { retrainingWorkflowId };

/**
 * Starts the weekly retraining for one week, or attaches to the run that already has that week's
 * id (still running after a crash, or completed: a week is not retrained twice; a failed run may
 * be started again).
 */
export async function runMainJob(options: MainJobOptions): Promise<DagRunResult> {
  const { client, logger, logicalDate, params } = options;
  const modelName = typeof params.modelName === 'string' ? params.modelName : 'spam';
  const workflowId = retrainingWorkflowId(modelName, logicalDate);
  const interval = weeklyDataInterval(new Date(logicalDate));
  let runId: string | undefined;
  try {
    const handle = await client.workflow.start('weekly_retraining', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [{ params, logicalDate, runKind: 'manual' }],
      staticSummary: `Retrain ${modelName} for ${interval.start.slice(0, 10)}..${interval.end.slice(0, 10)}`,
      staticDetails: `Model **${modelName}**, data interval ${interval.start} – ${interval.end}, logical date ${logicalDate}. Started by \`npm start\`.`,
    });
    runId = handle.firstExecutionRunId;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    logger.info({ workflowId }, 'this week already has a run; attaching to it');
  }
  const link = options.uiUrl ? uiRunUrl(options.uiUrl, options.namespace, workflowId, runId) : workflowId;
  process.stdout.write(`main job: ${link}\n`);
  return client.workflow.getHandle(workflowId).result() as Promise<DagRunResult>;
}
