import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { parseInput } from '../data/data-inputs';

const FindCompletedRunInputSchema = z.object({ workflowId: z.string().min(1), exceptRunId: z.string().min(1) }).strict();
export type FindCompletedRunInput = z.infer<typeof FindCompletedRunInputSchema>;

export interface CompletedRun {
  readonly workflowId: string;
  readonly runId: string;
}

export interface EngineActivityDeps {
  /** @default the client of the worker running the activity */
  readonly client?: Client;
}

/** Temporal's list query quotes strings with double quotes; the id is the caller's business key. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

export function createFindCompletedRun({ client: injected }: EngineActivityDeps = {}) {
  /**
   * The engine's business-key check: an execution of `workflowId` other than `exceptRunId` that
   * completed. Visibility lags writes by a moment on some stores; a completed run is long
   * visible by the time a person restarts its key.
   */
  return async function findCompletedRun(input: FindCompletedRunInput): Promise<CompletedRun | null> {
    const valid = parseInput(FindCompletedRunInputSchema, input, 'findCompletedRun');
    const { workflowId, exceptRunId } = valid;
    const client = injected ?? Context.current().client;
    const query = `WorkflowId = ${quoted(workflowId)} AND ExecutionStatus = "Completed"`;
    for await (const execution of client.workflow.list({ query, pageSize: 10 })) {
      if (execution.runId !== exceptRunId) return { workflowId, runId: execution.runId };
    }
    return null;
  };
}
