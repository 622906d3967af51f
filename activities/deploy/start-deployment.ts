import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { InvalidRunParamsError } from '../../client/errors';
import { prepareRun, startPrepared } from '../../client/start-run';
import { TASK_QUEUES } from '../../common/task-queues';
import { DEPLOY_FAILURE_TYPES } from '../../workflows/deploy/deploy-failure-types';

export interface StartDeploymentInput {
  model: string;
  version: number;
  /** deploy_model params besides modelName and version (steps, analysis, bakeTime, stepTimeout). */
  params?: Record<string, unknown>;
  /** Who starts it and why, shown in the run's details. */
  startedBy: string;
}

export interface StartedDeployment {
  /** `deploy_model/<model>/v<version>`: one rollout per version, whoever starts it. */
  workflowId: string;
  outcome: 'started' | 'already running';
}

/**
 * Starts deploy_model for a version under its business key, the one way every starter uses
 * (client/start-run.ts): a retry, or a second start by hand, finds the rollout already running.
 */
export async function startDeployment(client: Client | undefined, input: StartDeploymentInput): Promise<StartedDeployment> {
  let prepared;
  try {
    prepared = prepareRun(
      'deploy_model',
      { params: { ...input.params, modelName: input.model, version: input.version }, runKind: 'manual' },
      { startedBy: input.startedBy },
    );
  } catch (err) {
    if (err instanceof InvalidRunParamsError)
      throw ApplicationFailure.nonRetryable(`deploy params are invalid: ${err.message}`, DEPLOY_FAILURE_TYPES.invalidInput);
    throw err;
  }
  const run = await startPrepared(client ?? Context.current().client, TASK_QUEUES.cpu, prepared);
  return { workflowId: run.workflowId, outcome: run.alreadyRunning ? 'already running' : 'started' };
}
