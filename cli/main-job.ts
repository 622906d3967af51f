import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { startPrepared, type PreparedRun } from '../client/start-run';
import type { DagRunResult } from '../common/dag';
import { TASK_QUEUES } from '../common/task-queues';
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
  /** The week's checked start request (prepareRun), made before anything started. */
  prepared: PreparedRun;
}

/**
 * Starts the weekly retraining for one week under its business key, or attaches to the run that
 * already owns that week (still running after a crash, or completed: a week is not retrained
 * twice; a failed run may be started again).
 */
export async function runMainJob(options: MainJobOptions): Promise<DagRunResult> {
  const { client, logger, prepared } = options;
  const started = await startPrepared(client, TASK_QUEUES.cpu, prepared);
  if (started.alreadyRunning) logger.info({ workflowId: started.workflowId, status: started.executionStatus }, 'this week already has a run; attaching to it');
  const link = options.uiUrl ? uiRunUrl(options.uiUrl, options.namespace, started.workflowId, started.runId) : started.workflowId;
  process.stdout.write(`main job: ${link}\n`);
  return client.workflow.getHandle(started.workflowId, started.runId).result() as Promise<DagRunResult>;
}
