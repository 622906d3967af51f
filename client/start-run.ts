import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { z } from 'zod';
import { DagParamsError, parseDagParams, RUN_KINDS, type RunKind } from '../common/dag';
import { formatZodIssues, unknownFields } from '../common/validation';
import { weeklyDataInterval } from '../common/time';
import { runSearchAttributes } from '../common/search-attributes';
import { getDag } from './dag-catalog';
import { InvalidRetrainingParamsError, InvalidRunParamsError, RunParamsDifferError, type ParamDifference } from './errors';
import type { AttachOptions, StartedRun, StartRunInput } from './client-types';
import { diffParams } from './params-diff';
import { runWorkflowId } from './workflow-ids';
import { logicalDateProblem } from '../workflows/dag/run-input';

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

export interface PrepareRunOptions {
  /** @default the current time */
  readonly now?: () => Date;
  /** Who starts the run, shown in the run's details in the Web UI. @default "the factory client" */
  readonly startedBy?: string;
}

/**
 * Checks a start request with the DAG's own zod schema and the workflow's input rules, listing
 * every failing path and value, and derives the business-key workflow id. Pure: no I/O.
 */
export function prepareRun(
  dagId: string,
  input: StartRunInput,
  { now = () => new Date(), startedBy = 'the factory client' }: PrepareRunOptions = {},
): PreparedRun {
  const dag = getDag(dagId);
  const problems: string[] = [];
  const options = runOptionsSchema.safeParse({ logicalDate: input.logicalDate, runKind: input.runKind }, { reportInput: true });
  if (!options.success) problems.push(...formatZodIssues(options.error));
  else {
    const dateBound = logicalDateProblem(input.logicalDate, now());
    if (dateBound) problems.push(dateBound.replace(/^input\./, ''));
  }
  const unknown = unknownParams(dag.params, input.params);
  problems.push(...unknown);
  let parsed: unknown;
  try {
    parsed = parseDagParams(dag.id, dag.params, input.params ?? {});
  } catch (err) {
    if (!(err instanceof DagParamsError)) throw err;
    // A strict schema reports the unknown keys too, in the same words; the lines above already name them.
    problems.push(...err.problems.filter((p) => !unknown.includes(p)));
  }
  if (problems.length > 0) {
    throw dagId === 'weekly_retraining' ? new InvalidRetrainingParamsError(dagId, problems) : new InvalidRunParamsError(dagId, problems);
  }
  const logicalDate = new Date(input.logicalDate ?? now()).toISOString();
  const runKind = input.runKind ?? 'manual';
  return {
    dagId,
    workflowId: runWorkflowId(dagId, parsed, logicalDate),
    params: input.params ?? {},
    logicalDate,
    runKind,
    ...describeRun(dagId, parsed, logicalDate, runKind, startedBy),
  };
}

/**
 * The workflow ignores params its schema does not name; a client reports them instead, so a typo
 * such as `epoch` does not silently run with the default.
 */
function unknownParams(schema: unknown, params: unknown): string[] {
  if (!(schema instanceof z.ZodObject) || typeof params !== 'object' || params === null || Array.isArray(params)) return [];
  const known = Object.keys(schema.shape);
  return unknownFields(
    Object.keys(params).filter((key) => !known.includes(key)),
    { prefix: 'params', knownKeys: known },
  );
}

function describeRun(
  dagId: string,
  params: unknown,
  logicalDate: string,
  runKind: RunKind,
  startedBy: string,
): { staticSummary: string; staticDetails: string } {
  if (dagId === 'weekly_retraining') {
    const { modelName } = params as { modelName: string };
    const interval = weeklyDataInterval(new Date(logicalDate));
    const kind = runKind === 'backfill' ? 'Backfill' : 'Retrain';
    return {
      staticSummary: `${kind} ${modelName} for ${interval.start.slice(0, 10)}..${interval.end.slice(0, 10)}`,
      staticDetails: `Model **${modelName}**, data interval ${interval.start} – ${interval.end}, logical date ${logicalDate}. Started (${runKind}) by ${startedBy}.`,
    };
  }
  return {
    staticSummary: `${dagId} for ${logicalDate}`,
    staticDetails: `DAG **${dagId}**, logical date ${logicalDate}. Started (${runKind}) by ${startedBy}.`,
  };
}

/**
 * Starts a prepared run with the reuse policy ALLOW_DUPLICATE_FAILED_ONLY: when its business key
 * already has a run (running or completed), that run is returned with `alreadyRunning: true`
 * and nothing new starts; a failed, cancelled or terminated one is started again. With
 * `onParamsDiffer`, an attached run's params are compared with the request's: `warn` lists the
 * differences in `paramsDiffer`, `error` throws RunParamsDifferError.
 */
export async function startPrepared(client: Client, taskQueue: string, run: PreparedRun, options: AttachOptions = {}): Promise<StartedRun> {
  try {
    const handle = await client.workflow.start(run.dagId, {
      taskQueue,
      workflowId: run.workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [{ params: run.params, logicalDate: run.logicalDate, runKind: run.runKind }],
      staticSummary: run.staticSummary,
      staticDetails: run.staticDetails,
      typedSearchAttributes: runSearchAttributes(run.dagId, run, run.params),
    });
    return { workflowId: run.workflowId, runId: handle.firstExecutionRunId, alreadyRunning: false, executionStatus: 'RUNNING' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await client.workflow.getHandle(run.workflowId).describe();
    const attached = { workflowId: run.workflowId, runId: existing.runId, alreadyRunning: true, executionStatus: existing.status.name };
    if (options.onParamsDiffer === undefined) return attached;
    const differences = compareWithRun(run, await startedParams(client, run.workflowId, existing.runId));
    if (differences.length === 0) return attached;
    if (options.onParamsDiffer === 'error') throw new RunParamsDifferError(run.workflowId, existing.runId, differences);
    return { ...attached, paramsDiffer: differences };
  }
}

/** Both sides after the DAG's defaults; an existing run whose params no longer parse is compared as it is. */
function compareWithRun(run: PreparedRun, existing: unknown): ParamDifference[] {
  const dag = getDag(run.dagId);
  const parsed = (params: unknown): unknown => {
    try {
      return parseDagParams(dag.id, dag.params, params ?? {});
    } catch (err) {
      if (err instanceof DagParamsError) return params;
      throw err;
    }
  };
  return diffParams(parsed(run.params), parsed(existing));
}

/** The params an execution was started with: the input of its first history event (one page of one event). */
async function startedParams(client: Client, workflowId: string, runId: string): Promise<unknown> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  const input = await decodeFromPayloadsAtIndex<{ params?: unknown } | undefined>(client.options.loadedDataConverter, 0, payloads);
  return input?.params;
}
