import { ApplicationFailure, ContinueAsNew, continueAsNew, isCancellation, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { modelNameOf, runSearchAttributes, SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import {
  compileDag,
  DAG_ERROR_CODES,
  DagParamsError,
  durationMs,
  findDagProblems,
  outcomeHeadline,
  outcomeOf,
  parseDagParams,
  RUN_KINDS,
  type DagDefinition,
  type DagRunResult,
  type LogicalDateSource,
  type RunContext,
  type RunKind,
} from '../../common/dag';
import { DagMetrics } from './dag-metrics';
import { DagRun } from './dag-run';
import { CALLER_INPUT_CHECKS_PATCH, DagVersions, RUN_OUTCOME_PATCH } from './dag-versions';
import { registerHandlers } from './handlers';
import { invalidRun } from './failures';
import { claimRunKey } from './run-key';
import { RUN_OUTCOMES as METRIC_OUTCOMES, type RunOutcome as MetricOutcome } from './metric-names';
import { OutcomeRecorder, shortError } from './outcome-recorder';
import { callerProblems, inputProblems, logicalDateProblem, type DagRunInput } from './run-input';

/** Set by Temporal Schedules on every run they start. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** A DAG's workflow function. Export it under the DAG's id so the workflow type is the DAG id. */
export type DagWorkflow = (input?: DagRunInput) => Promise<DagRunResult>;

/**
 * `export const weekly_retraining = dagWorkflow(weeklyRetrainingDag);` After a change that alters
 * the commands of runs in flight, bump the DAG's version and keep serving the old definitions:
 * `dagWorkflow(v3, v2, v1)`; each run keeps the version it started with (docs/versioning.md).
 */
export function dagWorkflow<P, O>(current: DagDefinition<P, O>, ...previous: DagDefinition<P, O>[]): DagWorkflow {
  const versions = new DagVersions(current, previous);
  const workflow: DagWorkflow = (input) => runDag(versions, input ?? {});
  // startChild/executeChild by function reference use the function's name as workflow type.
  Object.defineProperty(workflow, 'name', { value: current.id });
  return workflow;
}

/**
 * Runs a DAG. Search attributes come first, so a run refused for its input is still found by the
 * documented filters; then validation, which fails the run non-retryably before any task starts;
 * then the business key (forward, or end as a duplicate); then handlers and the scheduler loop,
 * with continue-as-new between segments of long runs.
 */
export async function runDag<P, O>(versions: DagVersions<P, O>, rawInput: DagRunInput): Promise<DagRunResult> {
  // Only a continued run carries a version; a forged one in a start would pick (or miss) a definition.
  const continued = workflowInfo().continuedFromExecutionRunId !== undefined;
  const carriedVersion = continued && typeof rawInput?.carried?.dagVersion === 'number' ? rawInput.carried.dagVersion : undefined;
  const dag = versions.choose(carriedVersion) as DagDefinition<unknown, unknown>;
  const parsed = inputProblems(rawInput);
  const { input } = parsed;
  const info = workflowInfo();
  const callerChecks = input
    ? [
        ...callerProblems(input, { taskQueue: info.taskQueue, continuedFrom: info.continuedFromExecutionRunId }),
        ...(input.carried ? [] : [logicalDateProblem(input.logicalDate, info.startTime)].filter((p) => p !== undefined)),
      ]
    : [];
  // patched() only when there is something to refuse: runs from before the check replay unchanged.
  const refused = callerChecks.length > 0 && patched(CALLER_INPUT_CHECKS_PATCH) ? callerChecks : [];
  const problems = [...parsed.problems, ...refused];
  const { run, problem: dateProblem } = runContext(dag, input ?? {}, rawInput);
  upsertSearchAttributes(runSearchAttributes(dag.id, run, rawInput?.params));
  const outcome = new OutcomeRecorder(patched(RUN_OUTCOME_PATCH));

  const metrics = new DagMetrics(dag.id);
  if (rawInput?.carried === undefined) metrics.runStarted(run.runKind);
  try {
    const result = await validateAndRun(dag, input, [...problems, ...(dateProblem ? [dateProblem] : [])], run, rawInput, outcome);
    metrics.runFinished(result.state === 'success' || result.state === 'failed' ? result.state : METRIC_OUTCOMES.delegated);
    const view = outcomeOf('COMPLETED', result);
    outcome.show(view.outcome, outcomeHeadline(view, result));
    return result;
  } catch (err) {
    const finished = metricOutcomeOf(err);
    if (finished !== undefined) {
      metrics.runFinished(finished);
      // Recorded before the failure is thrown: a failed run is found by `Outcome = "failed"` too.
      const cancelled = finished === METRIC_OUTCOMES.cancelled;
      const view = outcomeOf(cancelled ? 'CANCELLED' : 'FAILED', undefined, err instanceof Error ? err.message : String(err));
      outcome.show(view.outcome, cancelled ? view.outcomeReason : shortError(view.outcomeReason));
    }
    throw err;
  }
}

/** The run past its identity: validation, the business key, then the tasks, segment by segment. */
async function validateAndRun(
  dag: DagDefinition<unknown, unknown>,
  input: DagRunInput | undefined,
  problems: readonly string[],
  run: RunContext,
  rawInput: DagRunInput,
  outcome: OutcomeRecorder,
): Promise<DagRunResult> {
  const structure = findDagProblems(dag);
  if (structure.length > 0) throw invalidRun(dag.id, structure, DAG_ERROR_CODES.invalidDag);
  if (!input || problems.length > 0) throw invalidRun(dag.id, problems);
  let params: unknown;
  try {
    params = parseDagParams(dag.id, dag.params, input.params ?? {});
  } catch (err) {
    if (!(err instanceof DagParamsError)) throw err;
    throw ApplicationFailure.nonRetryable(err.message, err.code, { problems: err.problems });
  }
  const defaultedModel = modelNameOf(params);
  if (defaultedModel !== undefined && defaultedModel !== modelNameOf(rawInput?.params)) {
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.modelName, value: defaultedModel }]);
  }
  const dagRun = new DagRun(compileDag(dag), input, run, params, outcome);
  // Before the business-key check, which awaits an activity: the run answers getDagState at once.
  registerHandlers(dagRun);
  if (!input.carried) {
    const delegated = await claimRunKey(dag, params, run, input);
    if (delegated) return delegated;
  }
  const end = await dagRun.execute();
  if (end.kind === 'continue') {
    return continueAsNew<DagWorkflow>({ ...input, logicalDate: run.logicalDate, runKind: run.runKind, carried: end.carried });
  }
  const { result } = end;
  const failure = dagRun.failureLine(result);
  if (failure !== undefined) throw ApplicationFailure.create({ message: failure, type: DAG_ERROR_CODES.runFailed, nonRetryable: true, details: [result] });
  return result;
}

/** A thrown run's metric label; undefined for continue-as-new (the run goes on in a new segment). */
function metricOutcomeOf(err: unknown): MetricOutcome | undefined {
  if (err instanceof ContinueAsNew) return undefined;
  if (isCancellation(err)) return METRIC_OUTCOMES.cancelled;
  if (err instanceof ApplicationFailure && (err.type === DAG_ERROR_CODES.invalidDag || err.type === DAG_ERROR_CODES.invalidParams)) {
    return METRIC_OUTCOMES.invalid;
  }
  return METRIC_OUTCOMES.failed;
}

/**
 * The run's identity. The logical date comes from the input, else the Schedule's start time, else
 * (policy `run-start`) the run's start, recorded as such; a DAG whose policy is `required` gets a
 * problem instead. Reads the raw input leniently so search attributes can be set before checks.
 */
function runContext(dag: DagDefinition<unknown, unknown>, input: DagRunInput, raw: DagRunInput | undefined): { run: RunContext; problem?: string } {
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  const given = input.logicalDate ?? (typeof raw?.logicalDate === 'string' && !Number.isNaN(Date.parse(raw.logicalDate)) ? raw.logicalDate : undefined);
  const carriedSource = input.carried?.logicalDateSource;
  const source: LogicalDateSource = carriedSource ?? (given !== undefined ? 'input' : scheduled ? 'schedule' : 'run-start');
  const logical = given !== undefined ? new Date(given) : (scheduled ?? info.startTime);
  const problem =
    source === 'run-start' && dag.logicalDate === 'required'
      ? `input.logicalDate: required by DAG "${dag.id}" (the run covers the data interval before it), e.g. "2002-09-30T03:00:00Z"; got nothing`
      : undefined;
  const rawKind = raw?.runKind;
  const runKind: RunKind = input.runKind ?? ((RUN_KINDS as readonly unknown[]).includes(rawKind) ? (rawKind as RunKind) : scheduled ? 'scheduled' : 'manual');
  const start = new Date(logical.getTime() - durationMs(dag.dataInterval));
  const run: RunContext = {
    dagId: dag.id,
    workflowId: info.workflowId,
    runId: info.firstExecutionRunId,
    logicalDate: logical.toISOString(),
    dataInterval: { start: start.toISOString(), end: logical.toISOString() },
    runKind,
    logicalDateSource: source,
    dagVersion: dag.version,
    runScope: `${info.workflowId}/${info.firstExecutionRunId}`,
  };
  return problem ? { run, problem } : { run };
}
