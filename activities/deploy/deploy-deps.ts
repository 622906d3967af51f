import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RegistryError } from '../../lib/registry';
import { InvalidServingInputError } from '../../lib/serving/errors';
import { getRolloutControlQuery, type RolloutControl } from '../../workflows/deploy/rollout-control';
import type { ActivityDeps } from '../deps';

export interface DeployActivityDeps extends ActivityDeps {
  /** @default the client of the worker running the activity */
  client?: Client;
  /** Reads the operators' commands. @default the `getRolloutControl` Query of the calling workflow */
  readControl?: () => Promise<RolloutControl>;
  /** @default the wall clock; stage ages are measured against the database's timestamps */
  now?: () => Date;
}

/** Who the deploy activities write into the registry and traffic history. */
export function rolloutActor(): string {
  const workflowId = callerWorkflowId();
  return workflowId ? `workflow:${workflowId}` : 'deploy_model';
}

export function callerWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

/** The commands operators sent the running deploy_model workflow, read with its Query. */
export function controlReader({ client, readControl }: DeployActivityDeps): () => Promise<RolloutControl> {
  if (readControl) return readControl;
  return async () => {
    const ctx = Context.current();
    const execution = ctx.info.workflowExecution;
    if (!execution) throw new Error("advanceRollout reads its workflow's rollout control, but runs outside a workflow: pass readControl");
    return (client ?? ctx.client).workflow.getHandle(execution.workflowId, execution.runId).query(getRolloutControlQuery);
  };
}

/** Registry and serving business failures fail the activity for good; anything else is retried. */
export async function nonRetryableOnBusinessError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RegistryError) throw ApplicationFailure.nonRetryable(err.message, err.code, err.details());
    if (err instanceof InvalidServingInputError) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}
