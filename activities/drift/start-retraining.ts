import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { InvalidRunParamsError } from '../../client/errors';
import { prepareRun, startPrepared } from '../../client/start-run';
import { TASK_QUEUES } from '../../common/task-queues';
import { retrainingWorkflowId, weeklyDataInterval } from '../../common/time';
import { DRIFT_FAILURE_TYPES } from '../../workflows/drift/drift-failure-types';
import { parseInput } from '../data/data-inputs';
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

export function createStartRetraining({ logger, client: injected }: DriftActivityDeps) {
  /**
   * start_retraining: starts weekly_retraining for the week before the logical date's week under
   * its business key, the one way every starter uses (client/start-run.ts). Whatever already owns
   * the week (the Schedule's forwarded run, the main job, a backfill, an earlier monitor run) is
   * found by the key. Idempotent: a retry finds the run the first attempt started.
   */
  return async function startRetraining(input: StartRetrainingInput): Promise<StartRetrainingResult> {
    const valid = parseInput(StartRetrainingInputSchema, input, 'startRetraining', DRIFT_FAILURE_TYPES.invalidInput);
    const { modelName, logicalDate, params, reason } = valid;
    const client = injected ?? Context.current().client;
    const dataInterval = weeklyDataInterval(new Date(logicalDate));
    let prepared;
    try {
      prepared = prepareRun(
        RETRAINING_DAG,
        { params: { ...params, modelName }, logicalDate, runKind: 'manual' },
        { startedBy: `**drift_monitor** (${reason})` },
      );
    } catch (err) {
      if (err instanceof InvalidRunParamsError)
        throw ApplicationFailure.nonRetryable(`retrainingParams are invalid: ${err.message}`, DRIFT_FAILURE_TYPES.invalidInput);
      throw err;
    }
    const run = await startPrepared(client, TASK_QUEUES.cpu, { ...prepared, staticSummary: `${prepared.staticSummary} (drift)` });
    logger.info(
      { modelName, workflowId: run.workflowId, alreadyRunning: run.alreadyRunning },
      run.alreadyRunning ? 'retraining of this week already started' : 'retraining started on drift',
    );
    return run.alreadyRunning
      ? { workflowId: run.workflowId, outcome: 'already running', dataInterval }
      : { workflowId: run.workflowId, outcome: 'started', runId: run.runId, dataInterval };
  };
}
