import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { DagParamsError, parseDagParams, RUN_KINDS, type RunKind } from '../common/dag';
import { weeklyDataInterval } from '../common/time';
import { getDag } from './dag-catalog';
import { InvalidRetrainingParamsError, InvalidRunParamsError } from './errors';
import type { StartedRun, StartRunInput } from './client-types';
import { runWorkflowId } from './workflow-ids';

/** A checked start request: everything `client.workflow.start` needs, nothing sent yet. */
export interface PreparedRun {
  readonly dagId: string;
  readonly workflowId: string;
  /** The params as given (the workflow parses them again, filling in its own defaults). */
  readonly params: unknown;
  readonly logicalDate: string;
  readonly runKind: RunKind;
  readonly staticSummary: string;
  readonly staticDetails: string;
}

// The same rules the workflow applies to its input (workflows/dag/run-input.ts).
const runOptionsSchema = z.object({
  logicalDate: z.iso.datetime({ offset: true }).optional(),
  runKind: z.enum(RUN_KINDS).optional(),
});

/**
 * Checks a start request with the DAG's own zod schema and the workflow's input rules, listing
 * every failing path and value, and derives the business-key workflow id. Pure: no I/O.
 */
export function prepareRun(dagId: string, input: StartRunInput, now: () => Date = () => new Date()): PreparedRun {
  const dag = getDag(dagId);
  const problems: string[] = [];
  const options = runOptionsSchema.safeParse({ logicalDate: input.logicalDate, runKind: input.runKind }, { reportInput: true });
  if (!options.success) {
    for (const issue of options.error.issues) {
      const got = 'input' in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : '';
      problems.push(`${issue.path.join('.')}: ${issue.message}${got}`);
    }
  }
  problems.push(...unknownParams(dag.params, input.params));
  let parsed: unknown;
  try {
    parsed = parseDagParams(dag.id, dag.params, input.params ?? {});
  } catch (err) {
    if (!(err instanceof DagParamsError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0) {
    throw dagId === 'weekly_retraining' ? new InvalidRetrainingParamsError(dagId, problems) : new InvalidRunParamsError(dagId, problems);
  }
  const logicalDate = new Date(input.logicalDate ?? now()).toISOString();
  const runKind = input.runKind ?? 'manual';
  return { dagId, workflowId: runWorkflowId(dagId, parsed, logicalDate), params: input.params ?? {}, logicalDate, runKind, ...describeRun(dagId, parsed, logicalDate, runKind) };
}

/**
 * The workflow ignores params its schema does not name; a client reports them instead, so a typo
 * such as `epoch` does not silently run with the default.
 */
function unknownParams(schema: unknown, params: unknown): string[] {
  if (!(schema instanceof z.ZodObject) || typeof params !== 'object' || params === null || Array.isArray(params)) return [];
  const known = Object.keys(schema.shape);
  return Object.keys(params)
    .filter((key) => !known.includes(key))
    .map((key) => `params.${key}: unknown param (known: ${known.join(', ')})`);
}

function describeRun(dagId: string, params: unknown, logicalDate: string, runKind: RunKind): { staticSummary: string; staticDetails: string } {
  if (dagId === 'weekly_retraining') {
    const { modelName } = params as { modelName: string };
    const interval = weeklyDataInterval(new Date(logicalDate));
    return {
      staticSummary: `Retrain ${modelName} for ${interval.start.slice(0, 10)}..${interval.end.slice(0, 10)}`,
      staticDetails: `Model **${modelName}**, data interval ${interval.start} – ${interval.end}, logical date ${logicalDate}. Started (${runKind}) by the factory client.`,
    };
  }
  return { staticSummary: `${dagId} for ${logicalDate}`, staticDetails: `DAG **${dagId}**, logical date ${logicalDate}. Started (${runKind}) by the factory client.` };
}

/**
 * Starts a prepared run with the reuse policy ALLOW_DUPLICATE_FAILED_ONLY: when its business key
 * already has a run (running or completed), that run is returned with `alreadyRunning: true`
 * and nothing new starts; a failed, cancelled or terminated one is started again.
 */
export async function startPrepared(client: Client, taskQueue: string, run: PreparedRun): Promise<StartedRun> {
  try {
    const handle = await client.workflow.start(run.dagId, {
      taskQueue,
      workflowId: run.workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [{ params: run.params, logicalDate: run.logicalDate, runKind: run.runKind }],
      staticSummary: run.staticSummary,
      staticDetails: run.staticDetails,
    });
    return { workflowId: run.workflowId, runId: handle.firstExecutionRunId, alreadyRunning: false, executionStatus: 'RUNNING' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await client.workflow.getHandle(run.workflowId).describe();
    return { workflowId: run.workflowId, runId: existing.runId, alreadyRunning: true, executionStatus: existing.status.name };
  }
}
