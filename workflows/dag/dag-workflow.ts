import {
  ApplicationFailure,
  continueAsNew,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import {
  compileDag,
  DAG_ERROR_CODES,
  DagParamsError,
  durationMs,
  findDagProblems,
  parseDagParams,
  type DagDefinition,
  type DagRunResult,
  type RunContext,
  type RunKind,
} from '../../common/dag';
import { DagRun } from './dag-run';
import { registerHandlers } from './handlers';
import { inputProblems, type DagRunInput } from './run-input';

/** Set by Temporal Schedules on every run they start. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** A DAG's workflow function. Export it under the DAG's id so the workflow type is the DAG id. */
export type DagWorkflow = (input?: DagRunInput) => Promise<DagRunResult>;

/** `export const weekly_retraining = dagWorkflow(weeklyRetrainingDag);` */
export function dagWorkflow<P, O>(dag: DagDefinition<P, O>): DagWorkflow {
  const workflow: DagWorkflow = (input) => runDag(dag, input ?? {});
  // startChild/executeChild by function reference use the function's name as workflow type.
  Object.defineProperty(workflow, 'name', { value: dag.id });
  return workflow;
}

/**
 * Runs a DAG. Validation comes first and fails the run non-retryably before any task starts;
 * then search attributes, handlers and the scheduler loop, with continue-as-new between
 * segments of long runs.
 */
export async function runDag<P, O>(dag: DagDefinition<P, O>, rawInput: DagRunInput): Promise<DagRunResult> {
  const { input, problems } = inputProblems(rawInput);
  const structure = findDagProblems(dag);
  if (!input || problems.length > 0 || structure.length > 0) {
    const all = [...structure, ...problems];
    const type = structure.length > 0 ? DAG_ERROR_CODES.invalidDag : DAG_ERROR_CODES.invalidParams;
    throw ApplicationFailure.nonRetryable(`run of DAG "${dag.id}" is invalid:\n${all.map((p) => `  - ${p}`).join('\n')}`, type, { problems: all });
  }
  let params: P;
  try {
    params = parseDagParams(dag.id, dag.params, input.params ?? {});
  } catch (err) {
    if (!(err instanceof DagParamsError)) throw err;
    throw ApplicationFailure.nonRetryable(err.message, err.code, { problems: err.problems });
  }
  const run = runContext(dag, input);
  upsertSearchAttributes(searchAttributes(dag.id, run, params));
  const dagRun = new DagRun(compileDag(dag), input, run, params);
  registerHandlers(dagRun);
  const end = await dagRun.execute();
  if (end.kind === 'continue') {
    return continueAsNew<DagWorkflow>({ ...input, logicalDate: run.logicalDate, runKind: run.runKind, carried: end.carried });
  }
  const { result } = end;
  if (result.state === 'failed') {
    const failed = Object.entries(result.tasks)
      .filter(([, t]) => t.state === 'failed')
      .map(([id, t]) => (t.error ? `${id} (${t.error})` : id));
    const reason = end.failRequested ? 'stopped by an operator' : `failed tasks: ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? ` +${failed.length - 5}` : ''}`;
    throw ApplicationFailure.create({ message: `DAG run failed: ${reason}`, type: DAG_ERROR_CODES.runFailed, nonRetryable: true, details: [result] });
  }
  return result;
}

function runContext(dag: DagDefinition<unknown, unknown>, input: DagRunInput): RunContext {
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  const logical = input.logicalDate !== undefined ? new Date(input.logicalDate) : (scheduled ?? info.startTime);
  const runKind: RunKind = input.runKind ?? (scheduled ? 'scheduled' : 'manual');
  const start = new Date(logical.getTime() - durationMs(dag.dataInterval));
  return {
    dagId: dag.id,
    workflowId: info.workflowId,
    runId: info.firstExecutionRunId,
    logicalDate: logical.toISOString(),
    dataInterval: { start: start.toISOString(), end: logical.toISOString() },
    runKind,
  };
}

function searchAttributes(dagId: string, run: RunContext, params: unknown): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: SEARCH_ATTRIBUTES.dagId, value: dagId },
    { key: SEARCH_ATTRIBUTES.logicalDate, value: new Date(run.logicalDate) },
    { key: SEARCH_ATTRIBUTES.runKind, value: run.runKind },
  ];
  const modelName = typeof params === 'object' && params !== null ? (params as { modelName?: unknown }).modelName : undefined;
  if (typeof modelName === 'string') pairs.push({ key: SEARCH_ATTRIBUTES.modelName, value: modelName });
  return pairs;
}
